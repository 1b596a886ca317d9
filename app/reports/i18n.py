"""Words the report puts inside data (table cells, chart legends, sheet headers).

Section headings and running text live in the Word templates, where a consultancy
edits them; only what is generated per row has to come from code.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

TERMS: dict[str, dict[str, str]] = {
    "en": {
        "not_assessed": "not assessed",
        "not_applicable": "Not applicable",
        "unknown": "Don't know",
        "no_answer": "No answer",
        "yes": "Yes",
        "no": "No",
        "met": "met",
        "not_met": "not met",
        "none": "None recorded.",
        "received": "Received",
        "requested": "Requested",
        "file": "File",
        "high": "High",
        "medium": "Medium",
        "low": "Low",
        "short": "0-3 months",
        "medium_horizon": "3-12 months",
        "long": "12-24 months",
        "weighted": "Weighted mean of question levels",
        "staged": "Staged: a level counts only when every criterion up to it is met",
        "capability_mean": "Mean of question levels (weights not applied)",
        "capability_sum": "Sum of question values (for example a stream as the sum of its activities)",
        "rollup_weighted_mean": "weighted mean",
        "rollup_mean": "mean of the child means (weights not applied)",
        "rollup_sum": "sum",
        "missing_excluded": "Unanswered and “don't know” questions are left out of the score (they lower coverage "
                            "and confidence only).",
        "missing_lowest": "Unanswered and “don't know” questions count as the lowest level of the scale, as the "
                          "model's authors score them; coverage still shows how much was answered.",
        "median": "median",
        "mean": "mean",
        "min": "minimum",
        "consolidated": "Consolidated",
        "target": "Target",
        "current": "Current",
        "gap": "Gap",
        "level": "Level",
        "count": "Count",
        "not_measured": "not measured",
        "higher_is_better": "higher is better",
        "lower_is_better": "lower is better",
        "override": "override",
        "interviewee": "Interviewee",
        "question": "Question",
        "report_suffix_docx": "Word report",
        "report_suffix_xlsx": "Excel workbook",
        # chart titles
        "chart_radar": "Maturity by domain: current and target",
        "chart_bars": "Current and target level per domain",
        "chart_heatmap": "Capability levels by interviewee role",
        "chart_distribution": "Answers by level and domain",
        "chart_disagreement": "Questions where interviewees disagree",
        "chart_gap": "Gap to target per capability",
        "chart_progress": "Level per domain: baseline and now",
        "no_data": "No answers recorded yet",
        "chart_not_assessed": "* Not assessed (no usable answers; drawn at the centre): ",
        # report titles
        "title_survey": "Survey report",
        "title_diagnosis": "O&M diagnosis report",
        "title_maturity": "O&M maturity assessment report",
        "title_planning": "Assessment and planning report",
        "title_organization": "Organisation optimisation report",
        "title_processes": "Process optimisation report",
    },
    "zh": {
        "not_assessed": "未评估",
        "not_applicable": "不适用",
        "unknown": "不清楚",
        "no_answer": "未作答",
        "yes": "是",
        "no": "否",
        "met": "满足",
        "not_met": "未满足",
        "none": "无记录。",
        "received": "已收到",
        "requested": "已索取",
        "file": "文件",
        "high": "高",
        "medium": "中",
        "low": "低",
        "short": "0-3个月",
        "medium_horizon": "3-12个月",
        "long": "12-24个月",
        "weighted": "问题等级的加权平均",
        "staged": "阶梯式：只有满足该等级及以下全部标准才计入该等级",
        "capability_mean": "问题等级的平均值（不计权重）",
        "capability_sum": "问题分值之和（例如一个流程按其各项活动得分之和计）",
        "rollup_weighted_mean": "加权平均",
        "rollup_mean": "下级平均值的平均（不计权重）",
        "rollup_sum": "求和",
        "missing_excluded": "未回答和“不清楚”的问题不计入得分（只降低覆盖率和置信度）。",
        "missing_lowest": "按模型作者的计分方式，未回答和“不清楚”的问题计为量表的最低等级；覆盖率仍显示实际回答的比例。",
        "median": "中位数",
        "mean": "平均数",
        "min": "最小值",
        "consolidated": "综合",
        "target": "目标",
        "current": "现状",
        "gap": "差距",
        "level": "等级",
        "count": "数量",
        "not_measured": "未度量",
        "higher_is_better": "越高越好",
        "lower_is_better": "越低越好",
        "override": "人工调整",
        "interviewee": "受访者",
        "question": "问题",
        "report_suffix_docx": "Word 报告",
        "report_suffix_xlsx": "Excel 工作簿",
        "chart_radar": "各领域成熟度：现状与目标",
        "chart_bars": "各领域现状与目标等级",
        "chart_heatmap": "按受访角色的能力等级",
        "chart_distribution": "各领域回答等级分布",
        "chart_disagreement": "受访者意见分歧的问题",
        "chart_gap": "各能力与目标的差距",
        "chart_progress": "各领域等级：基线与本次",
        "no_data": "尚无回答记录",
        "chart_not_assessed": "* 未评估（没有有效回答，画在中心）：",
        "title_survey": "调研报告",
        "title_diagnosis": "运维诊断报告",
        "title_maturity": "运维成熟度评估报告",
        "title_planning": "评估与规划报告",
        "title_organization": "组织优化报告",
        "title_processes": "流程优化报告",
    },
}

# Excel sheet and column headers (Excel has no template: these are the wording).
SHEETS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "Summary", "interviewees": "Interviewees", "coverage": "Coverage", "roles": "Role tracks",
        "answers": "Answers", "matrix": "Answers by interviewee", "quotes": "Quotes", "evidence": "Evidence",
        "domains": "Domains", "capabilities": "Capabilities", "gaps": "Gaps", "findings": "Findings",
        "recommendations": "Recommendations", "disagreements": "Disagreements", "overrides": "Overrides",
        "kpis": "KPI baseline", "charts": "Charts", "method": "Method", "by_role": "Levels by role",
        "criteria": "Answer criteria",
    },
    "zh": {
        "summary": "概要", "interviewees": "受访者", "coverage": "覆盖率", "roles": "角色轨道",
        "answers": "回答明细", "matrix": "按受访者的回答", "quotes": "访谈引述", "evidence": "证据",
        "domains": "领域", "capabilities": "能力", "gaps": "差距", "findings": "发现",
        "recommendations": "优化建议", "disagreements": "意见分歧", "overrides": "人工调整",
        "kpis": "KPI基线", "charts": "图表", "method": "方法", "by_role": "按角色等级",
        "criteria": "作答标准",
    },
}

COLUMNS: dict[str, dict[str, str]] = {
    "en": {
        "name": "Name", "role": "Role", "department": "Department", "date": "Date", "questionnaire": "Questionnaire",
        "answers": "Answers", "track": "Questions in track", "completion": "Completion", "minutes": "Minutes",
        "model": "Model", "domain": "Domain", "capability": "Capability", "questions": "Questions",
        "answered": "Answered", "respondents": "Respondents", "coverage": "Coverage", "level": "Level",
        "computed": "Computed level", "target": "Target", "gap": "Gap", "confidence": "Confidence",
        "weight": "Weight", "observed": "Observed practice", "next": "Next level", "status": "Status",
        "recommendation": "Recommendation", "description": "Description", "impact": "Impact", "effort": "Effort",
        "horizon": "Horizon", "from_to": "From -> to", "question": "Question", "question_id": "Question id",
        "section": "Section", "interviewee": "Interviewee", "answer": "Answer", "note": "Note",
        "evidence": "Evidence", "spread": "Spread", "responses": "Responses", "override": "Override",
        "rationale": "Rationale", "author": "Author", "kpi": "KPI", "definition": "Definition", "unit": "Unit",
        "direction": "Direction", "baseline": "Baseline", "typical_target": "Typical target", "title": "Title",
        "file": "File", "size": "Size (KB)", "linked": "Linked answers", "quote": "Quote", "topic": "Topic",
        "item": "Item", "value": "Value", "interviewees": "Interviewees", "rank": "#",
        "confidence_value": "Confidence score", "finding": "Finding", "criteria": "Criteria (all must hold)", "position": "Position",
        "answers_given": "Answers given",
    },
    "zh": {
        "name": "姓名", "role": "角色", "department": "部门", "date": "日期", "questionnaire": "问卷",
        "answers": "回答数", "track": "轨道问题数", "completion": "完成率", "minutes": "时长(分钟)",
        "model": "模型", "domain": "领域", "capability": "能力", "questions": "问题数",
        "answered": "已回答", "respondents": "受访人数", "coverage": "覆盖率", "level": "等级",
        "computed": "计算等级", "target": "目标", "gap": "差距", "confidence": "置信度",
        "weight": "权重", "observed": "观察到的实践", "next": "下一等级", "status": "状态",
        "recommendation": "建议", "description": "说明", "impact": "影响", "effort": "投入",
        "horizon": "周期", "from_to": "等级提升", "question": "问题", "question_id": "问题编号",
        "section": "章节", "interviewee": "受访者", "answer": "回答", "note": "备注",
        "evidence": "证据", "spread": "分歧幅度", "responses": "各方回答", "override": "调整后等级",
        "rationale": "理由", "author": "调整人", "kpi": "KPI", "definition": "定义", "unit": "单位",
        "direction": "方向", "baseline": "基线", "typical_target": "参考目标", "title": "标题",
        "file": "文件", "size": "大小(KB)", "linked": "关联回答", "quote": "引述", "topic": "主题",
        "item": "项目", "value": "值", "interviewees": "受访者", "rank": "序号",
        "confidence_value": "置信度得分", "finding": "发现", "criteria": "标准（须全部满足）", "position": "现状定位",
        "answers_given": "各项回答",
    },
}


def terms(lang: str) -> dict[str, str]:
    return TERMS[lang if lang in TERMS else "en"]


def sheet_name(lang: str, key: str) -> str:
    return SHEETS[lang if lang in SHEETS else "en"][key]


def column(lang: str, key: str) -> str:
    return COLUMNS[lang if lang in COLUMNS else "en"][key]
