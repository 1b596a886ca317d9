"""What the default templates say, in English and Simplified Chinese, and in which order.

Each report kind is a list of section writers; later kinds (planning, organisation,
processes) add their own writers and reuse these. Wording written here lands in the
.docx templates, where a consultancy then owns it.
"""

from __future__ import annotations

from collections.abc import Callable

from app.reports.template_builder import Column, TemplateWriter, logo_png

_TEXT: list[tuple[str, str, str]] = [
    # furniture
    ("prepared_for", "Prepared for", "客户"),
    ("prepared_by", "Prepared by", "顾问"),
    ("period", "Engagement period", "项目周期"),
    ("services", "Services", "服务内容"),
    ("report_date", "Report date", "报告日期"),
    ("confidential_note", "Confidential. Prepared for the named customer only; based on interviews, surveys and "
                          "documents reviewed during the engagement.",
     "保密文件。仅供上述客户使用；内容基于项目期间的访谈、问卷调研和文档审阅。"),
    ("page_of", "Page {} of {}", "第 {} 页，共 {} 页"),
    ("contents", "Contents", "目录"),
    ("toc_placeholder", "Right-click and choose Update Field to build the table of contents.",
     "右键单击并选择“更新域”以生成目录。"),
    ("figure", "Figure", "图"),
    ("table", "Table", "表"),
    ("caption_sep", ": ", "："),
    # introduction
    ("h_intro", "Introduction", "引言"),
    ("intro_survey", "This report summarises the interviews and surveys carried out for {{ meta.customer }} in "
                     "the engagement “{{ meta.engagement }}”. It records who was interviewed, how far each domain "
                     "and role track was covered, what the interviewees said and which documents were received: "
                     "the evidence base for the diagnosis.",
     "本报告汇总了在“{{ meta.engagement }}”项目中为{{ meta.customer }}开展的访谈与问卷调研，记录了受访人员、各领域及各角色"
     "轨道的覆盖情况、受访者的主要观点以及收到的文档，作为诊断的事实基础。"),
    ("intro_diagnosis", "This report diagnoses {{ meta.customer }} against established {{ meta.practice }}, domain "
                        "by domain, and gives the optimisation policies that close the gaps to the agreed targets.",
     "本报告对照业界成熟的{{ meta.practice }}，逐个领域给出{{ meta.customer }}的{{ meta.subject }}诊断结论，"
     "以及缩小与既定目标差距的优化策略。"),
    ("intro_maturity", "This report states the {{ meta.maturity }} of {{ meta.customer }} per domain and capability, "
                       "with the confidence, disagreement and overrides behind each number, and compares it with "
                       "the agreed targets; the method is in the appendix. The findings and optimisation policies "
                       "that follow from it are in the diagnosis report.",
     "本报告给出{{ meta.customer }}各领域、各能力的{{ meta.maturity }}，以及每个分值背后的置信度、意见分歧和人工调整，并与既定目标进行对比；"
     "评估方法见附录。由此得出的诊断发现和优化策略见诊断报告。"),
    ("k_customer", "Customer", "客户"),
    ("k_industry", "Industry", "行业"),
    ("k_engagement", "Engagement", "项目"),
    ("k_consultant", "Lead consultant", "主责顾问"),
    ("k_content", "Models and questionnaires", "模型与问卷版本"),
    ("k_scope", "Scope", "范围"),
    ("cap_engagement", "Engagement overview", "项目概况"),
    # survey
    ("h_interviews", "Interviews and surveys", "访谈与调研"),
    ("interviews_text", "{{ survey.stats.interviewed }} of {{ survey.stats.interviewees }} planned interviewees "
                        "have given answers, over {{ survey.stats.hours }} hours of recorded interview time.",
     "计划受访的{{ survey.stats.interviewees }}人中已有{{ survey.stats.interviewed }}人作答，记录的访谈时长共"
     "{{ survey.stats.hours }}小时。"),
    ("cap_interviewees", "Interviewees", "受访人员"),
    ("c_name", "Name", "姓名"),
    ("c_role", "Role", "角色"),
    ("c_department", "Department", "部门"),
    ("c_kind", "Answered in", "回答方式"),
    ("c_date", "Date", "日期"),
    ("c_answers", "Answers", "回答数"),
    ("c_completion", "Track done", "轨道完成率"),
    ("h_coverage", "Coverage", "覆盖情况"),
    ("h_coverage_domain", "Coverage per domain", "各领域覆盖率"),
    ("coverage_domain_text", "Coverage is the share of applicable questions that have at least one usable "
                             "answer. “Don't know” counts against coverage; “not applicable” removes the question.",
     "覆盖率指至少有一个有效回答的适用问题所占比例。“不清楚”计入未覆盖；“不适用”的问题不计入分母。"),
    ("cap_coverage_domain", "Coverage per domain", "各领域覆盖率"),
    ("c_domain", "Domain", "领域"),
    ("c_questions", "Questions", "问题数"),
    ("c_answered", "Answered", "已覆盖"),
    ("c_respondents", "Respondents", "受访人数"),
    ("c_coverage", "Coverage", "覆盖率"),
    ("h_coverage_role", "Coverage per role track", "各角色轨道覆盖率"),
    ("coverage_role_text", "Each role answers its own track of questions. Completion is the share of the track "
                           "its interviewees have answered.",
     "每个角色回答各自轨道内的问题。完成率为该角色受访者已回答的问题占其轨道问题总数的比例。"),
    ("cap_coverage_role", "Coverage per role track", "各角色轨道覆盖率"),
    ("c_interviewees", "Interviewees", "受访人数"),
    ("c_track", "Track questions", "轨道问题数"),
    ("h_stats", "Response statistics", "回答统计"),
    ("cap_stats", "Response statistics", "回答统计"),
    ("s_answers", "Answers recorded", "已记录回答"),
    ("s_given", "Answered with a level or value", "给出等级或数值的回答"),
    ("s_na", "Not applicable", "不适用"),
    ("s_unknown", "Don't know", "不清楚"),
    ("s_notes", "Answers with interview notes", "附有访谈备注的回答"),
    ("s_evidence", "Answers backed by evidence", "有证据支撑的回答"),
    ("s_follow", "Flagged for follow-up", "标记为待跟进"),
    ("s_confidence", "Stated confidence (high / medium / low)", "自评置信度（高/中/低）"),
    ("s_questions", "Questions in the questionnaires", "问卷问题总数"),
    ("cap_distribution", "Answers by level and domain", "各领域回答等级分布"),
    ("h_quotes", "Notable quotes", "访谈摘录"),
    ("quotes_text", "In the interviewees' own words, as noted during the interviews.",
     "以下为访谈中记录的受访者原话或要点。"),
    ("h_evidence", "Evidence received", "收到的证据材料"),
    ("evidence_text", "{{ survey.stats.evidence_received }} of {{ survey.stats.evidence_requested }} documents "
                      "requested or offered have been received.",
     "已索取或提供的{{ survey.stats.evidence_requested }}份材料中，已收到{{ survey.stats.evidence_received }}份。"),
    ("cap_evidence", "Evidence", "证据材料"),
    ("h_criteria", "Answer criteria", "作答标准"),
    ("criteria_text", "These questions count an answer only where every criterion listed holds; the interviewers "
                      "checked them as they asked, and the answers below are the ones that were given.",
     "以下问题的回答仅在所列标准全部满足时才计入；访谈人在提问时逐项核对，下表为实际给出的回答。"),
    ("cap_criteria", "Questions with answer criteria", "带作答标准的问题"),
    ("c_criteria", "Criteria (all must hold)", "标准（须全部满足）"),
    ("c_answers_given", "Answers given", "各项回答"),
    ("c_criteria_count", "Answers", "回答数"),
    ("c_title", "Document", "材料"),
    ("c_file", "File", "文件"),
    ("c_status", "Status", "状态"),
    ("c_linked", "Linked answers", "关联回答"),
    ("h_requests", "Documents requested", "索取的资料"),
    ("requests_text", "The documents and records asked of {{ meta.customer }}, with their owners and status; "
                      "{{ survey.requests_open }} of {{ survey.requests|length }} are still outstanding.",
     "向{{ meta.customer }}索取的文档和记录及其负责人和状态；{{ survey.requests|length }}项中仍有"
     "{{ survey.requests_open }}项未提供。"),
    ("cap_requests", "Documents requested", "索取的资料"),
    ("c_ref", "Ref", "编号"),
    ("c_owner", "Owner", "负责人"),
    ("c_due", "Due", "截止日期"),
    # executive summary
    ("h_summary", "Executive summary", "管理摘要"),
    ("summary_overall", "Overall, {{ meta.customer }} operates at level {{ m.overall.level_text }} "
                        "({{ m.overall.level_name }}) on the {{ m.method.scale_min }}–{{ m.method.scale_max }} "
                        "scale of the {{ m.name }}, against an agreed target of {{ m.overall.target_text }} "
                        "(gap {{ m.overall.gap_text }}). {{ m.assessed_domains }} of {{ m.domains|length }} "
                        "domains were assessed, with {{ m.overall.coverage_text }} of the applicable questions "
                        "answered.",
     "按照{{ m.name }}（{{ m.method.scale_min }}–{{ m.method.scale_max }}级），{{ meta.customer }}的整体{{ meta.maturity }}为"
     "{{ m.overall.level_text }}级（{{ m.overall.level_name }}），既定目标为{{ m.overall.target_text }}级，差距"
     "{{ m.overall.gap_text }}。{{ m.domains|length }}个领域中已评估{{ m.assessed_domains }}个，适用问题的覆盖率为"
     "{{ m.overall.coverage_text }}。"),
    ("summary_empty", "No answers have been recorded yet for the {{ m.name }}, so no maturity level can be stated.",
     "{{ m.name }}尚无回答记录，暂无法给出成熟度等级。"),
    ("strengths", "Top strengths", "主要优势"),
    ("risks", "Top risks", "主要风险"),
    ("strength_line", " ({{ c.domain }}): level {{ c.level_text }} ({{ c.level_name }}), confidence "
                      "{{ c.confidence|lower }}.",
     "（{{ c.domain }}）：{{ c.level_text }}级（{{ c.level_name }}），置信度{{ c.confidence }}。"),
    ("risk_line", " ({{ c.domain }}): level {{ c.level_text }} against a target of {{ c.target_text }}, "
                  "gap {{ c.gap_text }}, confidence {{ c.confidence|lower }}.",
     "（{{ c.domain }}）：现状{{ c.level_text }}级，目标{{ c.target_text }}级，差距{{ c.gap_text }}，置信度{{ c.confidence }}。"),
    ("not_assessed_line", "Not assessed: {{ m.not_assessed|join(', ') }}. These capabilities have no usable "
                          "answers; they are left out of the roll-up rather than counted as zero.",
     "未评估：{{ m.not_assessed|join('、') }}。这些能力没有有效回答，不计入汇总，而不是按零分计算。"),
    # method
    ("h_method", "Method", "评估方法"),
    ("method_text", "Interviewees {{ meta.interviewees }} answered the questions of their role track. "
                    "Each answer is placed on the model's level scale; the levels of several interviewees are "
                    "consolidated per question, questions roll up to capabilities, capabilities to domains and "
                    "domains to the overall level, each by its weight.",
     "{{ meta.interviewees }}的受访者各自回答其角色轨道内的问题。每个回答对应到模型的等级标尺上；同一问题多位受访者的等级先综合，"
     "再按权重由问题汇总到能力、由能力汇总到领域、由领域汇总到整体。"),
    ("h_scale", "Maturity scale", "成熟度等级标尺"),
    ("cap_scale", "Maturity levels", "成熟度等级"),
    ("c_level", "Level", "等级"),
    ("c_level_name", "Name", "名称"),
    ("c_description", "What it looks like", "特征描述"),
    ("h_rules", "Scoring rules", "评分规则"),
    ("rule_capability", "Capability level: {{ m.method.method }}.", "能力等级：{{ m.method.method }}。"),
    ("rule_consolidation", "Several interviewees on one question: their levels are consolidated by the "
                           "{{ m.method.consolidation }}; a spread of {{ m.method.disagreement_spread }} levels or "
                           "more is reported as a disagreement (section on disagreement).",
     "同一问题有多位受访者时，按{{ m.method.consolidation }}综合其等级；差异达到{{ m.method.disagreement_spread }}级"
     "或以上时记为意见分歧（见“意见分歧”一节）。"),
    ("rule_rollup", "Roll-up: capabilities to domains by {{ m.method.domain_roll_up }}, domains to the overall "
                    "level by {{ m.method.overall_roll_up }}, over what has a level; weights are renormalised and "
                    "shown. Every level, target and gap is rounded once, half-up to two decimals, and the level "
                    "above is computed from the rounded figures.",
     "汇总：能力到领域按{{ m.method.domain_roll_up }}，领域到整体按{{ m.method.overall_roll_up }}，仅计入有等级的部分，"
     "权重相应重新归一并列出。每个等级、目标和差距只按四舍五入保留两位小数一次，上一级由取整后的数值计算。"),
    ("rule_missing", "{{ m.method.missing }}", "{{ m.method.missing }}"),
    ("rule_target", "Targets: as agreed with the customer; where none was set, level "
                    "{{ m.method.default_target }}.",
     "目标：与客户商定；未设定时默认为{{ m.method.default_target }}级。"),
    ("rule_override", "Consultant overrides replace a computed capability level only with a written rationale; "
                      "both values are shown (section on overrides).",
     "顾问人工调整仅在给出书面理由时替代计算出的能力等级，两个数值均予以展示（见“人工调整”一节）。"),
    ("h_weights", "Weights", "权重"),
    ("cap_weights", "Domain and capability weights", "领域与能力权重"),
    ("c_capability", "Capability", "能力"),
    ("c_weight", "Weight", "权重"),
    ("h_na", "Not applicable and don't know", "“不适用”与“不清楚”"),
    ("na_text", "A question everybody marks “not applicable” is excluded and the weights of the remaining "
                "questions are renormalised. “Don't know” lowers coverage and confidence, and the score only where "
                "the model counts missing answers as its lowest level (see the rules above). A "
                "capability with no usable answer is reported as “not assessed” and left out of the roll-up.",
     "所有受访者都标记为“不适用”的问题不计入，其余问题的权重重新归一。“不清楚”会降低覆盖率和置信度；仅当模型将缺失回答计为最低等级时才影响得分（见上文规则）。"
     "没有任何有效回答的能力标记为“未评估”，不参与汇总。"),
    ("h_confidence", "Confidence", "置信度"),
    ("confidence_text", "Each capability level carries a confidence from 0 to 1: coverage (25 %), the "
                        "interviewees' stated confidence (25 %), corroboration by a second interviewee (20 %), "
                        "evidence behind the answers (20 %) and agreement between interviewees (10 %). High is 0.8 "
                        "or more, medium 0.6 or more, low below.",
     "每个能力等级都有0到1的置信度：覆盖率（25%）、受访者自评置信度（25%）、第二位受访者的佐证（20%）、回答背后的证据"
     "（20%）以及受访者之间的一致性（10%）。0.8及以上为高，0.6及以上为中，低于0.6为低。"),
    # overall
    ("h_overall", "Overall and domain maturity", "整体及各领域成熟度"),
    ("cap_radar", "Maturity by domain: current and target", "各领域成熟度：现状与目标"),
    ("cap_bars", "Current and target level per domain", "各领域现状与目标等级"),
    ("cap_domains", "Maturity per domain", "各领域成熟度"),
    ("c_target", "Target", "目标"),
    ("c_gap", "Gap", "差距"),
    ("h_heatmap", "Capability heatmap", "能力热力图"),
    ("heatmap_text", "Each row is a capability; each role's column shows the level that role's answers alone "
                     "give (scored the same way as the consolidated level), then the consolidated level and "
                     "the target. Grey cells had no answer.",
     "每一行是一项能力；各角色列为仅按该角色的回答计算出的等级（计算方法与综合等级相同），"
     "其后为综合等级和目标等级。灰色单元格表示无回答。"),
    ("cap_heatmap", "Capability levels by interviewee role", "按受访角色的能力等级"),
    ("cap_capabilities", "Capability levels", "各能力等级"),
    ("c_confidence", "Confidence", "置信度"),
    ("h_gap", "Current vs target and gap", "现状、目标与差距"),
    ("gap_text", "Capabilities ordered by the gap between their current level and the agreed target.",
     "按现状与既定目标之间的差距从大到小排列各项能力。"),
    ("cap_gap", "Gap to target per capability", "各能力与目标的差距"),
    ("c_current", "Current", "现状"),
    ("h_disagreement", "Disagreement between interviewees", "受访者意见分歧"),
    ("disagreement_text", "{{ m.disagreements|length }} questions where the interviewees' levels differ by "
                          "{{ m.method.disagreement_spread }} or more. Disagreement is a finding in itself: "
                          "practice differs between teams, or is seen differently from the top and from the "
                          "floor.",
     "共有{{ m.disagreements|length }}个问题的受访者等级相差{{ m.method.disagreement_spread }}级或以上。意见分歧本身"
     "就是一项发现：不同团队的实践不一致，或管理层与一线对现状的看法不同。"),
    ("cap_disagreement", "Questions where interviewees disagree (largest spread first)",
     "受访者意见分歧的问题（按分歧幅度排序）"),
    ("c_question", "Question", "问题"),
    ("c_spread", "Spread", "分歧"),
    ("c_responses", "Levels given", "各方等级"),
    ("h_overrides", "Overrides and their rationale", "人工调整及理由"),
    ("overrides_text", "Where documents or observation contradicted the interviews, the consultant set the "
                       "capability level by hand. The computed level is kept beside it.",
     "当文档审阅或现场观察与访谈结论不一致时，顾问对能力等级进行了人工调整，计算值保留备查。"),
    ("cap_overrides", "Overrides", "人工调整"),
    ("c_computed", "Computed", "计算值"),
    ("c_override", "Set to", "调整为"),
    ("c_rationale", "Rationale", "理由"),
    ("c_author", "By", "调整人"),
    ("h_kpi", "KPI baseline", "KPI基线"),
    ("kpi_text", "The baseline is the median of the values interviewees reported; a KPI nobody could report is "
                 "“not measured”, which is a finding in itself.",
     "基线取受访者所报数值的中位数；无人能提供数据的KPI记为“未度量”，这本身就是一项发现。"),
    ("cap_kpi", "KPI baseline", "KPI基线"),
    ("c_kpi", "KPI", "KPI"),
    ("c_baseline", "Baseline", "基线"),
    ("c_typical", "Typical target", "参考目标"),
    # diagnosis
    ("h_diagnosis", "Diagnosis by domain", "分领域诊断"),
    ("diagnosis_text", "For each domain: the level observed, what that level looks like in practice, and the notes "
                       "and evidence it rests on.",
     "每个领域依次给出：观察到的等级、该等级在实践中的表现，以及支撑结论的访谈记录和证据。"),
    ("domain_level", "Level {{ d.level_text }} ({{ d.level_name }}) against a target of {{ d.target_text }}; "
                     "gap {{ d.gap_text }}, coverage {{ d.coverage_text }}.",
     "现状{{ d.level_text }}级（{{ d.level_name }}），目标{{ d.target_text }}级；差距{{ d.gap_text }}，覆盖率"
     "{{ d.coverage_text }}。"),
    ("domain_empty", "Not assessed: no usable answers were recorded for this domain.",
     "未评估：该领域没有有效回答。"),
    ("cap_domain_caps", "{{ d.name }}: capabilities and observed practice", "{{ d.name }}：各能力及观察到的实践"),
    ("c_observed", "Observed practice", "观察到的实践"),
    ("heard", "What we heard", "访谈所见"),
    ("evidence_behind", "Evidence reviewed", "审阅的证据"),
    ("h_policies", "Optimisation policies", "优化策略"),
    ("policies_text", "Each recommendation closes part of a gap between a capability's current level and its "
                      "target. They are ordered by impact (highest first), then effort (lowest first): quick wins "
                      "lead.",
     "每条建议用于缩小某项能力现状与目标之间的差距。建议按影响从高到低、投入从低到高排序，快速见效的举措排在前面。"),
    ("cap_policies", "Optimisation policies, by impact and effort", "优化策略（按影响和投入排序）"),
    ("c_rank", "#", "序号"),
    ("c_recommendation", "Recommendation", "建议"),
    ("c_impact", "Impact", "影响"),
    ("c_effort", "Effort", "投入"),
    ("c_horizon", "Horizon", "周期"),
    ("c_levels", "Levels", "等级"),
    ("policies_none", "No gaps to close: every assessed capability is at or above its target.",
     "无需弥补的差距：所有已评估能力均已达到或超过目标。"),
    ("h_appendix", "Appendix: all answers", "附录：全部回答"),
    ("appendix_text", "Every answer recorded, by question, with the interviewer's notes.",
     "按问题列出记录的全部回答及访谈备注。"),
    ("cap_answers", "All answers", "全部回答"),
    ("c_interviewee", "Interviewee", "受访者"),
    ("c_answer", "Answer", "回答"),
    ("c_note", "Note", "备注"),
    ("none", "None recorded.", "无记录。"),
    # document control
    ("k_version", "Version", "版本"),
    ("k_status", "Status", "状态"),
    ("k_reviewer", "Reviewed by", "审核人"),
    # diagnosis deliverable
    ("h_exec", "Executive summary", "管理摘要"),
    ("exec_draft", "Draft summary: not yet approved by the consultant.", "摘要草稿：尚未经顾问确认。"),
    ("h_position", "Where {{ meta.customer }} stands", "{{ meta.customer }}的现状定位"),
    ("position_text", "The position of each domain against the agreed target, in words; the findings below say "
                      "why.",
     "各领域相对于既定目标的定位（文字描述），原因见后文的诊断发现。"),
    ("position_scored", "The position of each domain against the agreed target; the maturity assessment report "
                        "gives the scores capability by capability.",
     "各领域相对于既定目标的定位；各能力的详细评分见成熟度评估报告。"),
    ("cap_position", "Position per domain", "各领域定位"),
    ("c_position", "Position", "定位"),
    ("h_findings", "Findings by domain", "分领域诊断发现"),
    ("findings_text", "Each finding was reviewed and approved by the consultant. It states what we found and rests "
                      "on what is listed with it: the answers by role, interview quotes, measured values and the "
                      "documents reviewed.",
     "每项发现均经顾问审核确认，说明我们的发现，并以其下所列内容为依据：各角色的回答、访谈原话、度量值及审阅的文档。"),
    ("findings_waiting", "No finding has been approved yet: {{ model.diagnosis.waiting }} drafted findings await the "
                         "consultant's review.",
     "尚无经确认的发现：{{ model.diagnosis.waiting }}项发现草稿等待顾问审核。"),
    ("no_domain_findings", "No approved finding in this domain.", "该领域暂无经确认的发现。"),
    ("f_answers", "Answers: ", "回答："),
    ("f_measured", "Measured: ", "度量值："),
    ("f_evidence", "Evidence: ", "证据："),
    ("f_leads", "Leads to: ", "对应建议："),
    ("h_key_risks", "Key risks", "主要风险"),
    ("key_risks_text", "The weaknesses and risks that most threaten service, most serious first.",
     "对服务威胁最大的不足与风险，按严重程度排列。"),
    ("cap_key_risks", "Key risks", "主要风险"),
    ("c_finding", "Finding", "发现"),
    ("c_severity", "Severity", "严重程度"),
    ("c_type", "Type", "类型"),
    ("policies_ranked", "Each policy is a step from the model's recommendations that closes part of a gap found "
                        "here. They are ranked by the benefit for this customer (levels closed, weight of the "
                        "capability, objectives served) per unit of effort; impact is graded across the list, so "
                        "only the top third is “high”. The last column names the findings a policy answers, or "
                        "“Gap” when it closes a gap to the target that no finding singles out.",
     "每项策略都来自模型建议库，用于缩小本次发现的差距。排序依据是对本客户的收益（可提升的等级、能力权重、服务的目标）与投入之比；"
     "影响程度在整张清单内分级，只有前三分之一为“高”。最后一列列出该策略回应的发现；标为“差距”的策略用于缩小与目标的差距，"
     "没有单独对应的发现。"),
    ("c_start", "Start", "启动"),
    ("policies_top", "The fifteen that matter most are listed; all {{ m.diagnosis.policies|length }} are in the "
                     "Excel workbook of this report.",
     "下表列出最重要的十五项；全部{{ m.diagnosis.policies|length }}项见本报告的Excel工作簿。"),
    ("c_objectives", "Objectives", "服务目标"),
    ("c_findings", "Findings", "相关发现"),
    ("h_quick_wins", "Quick wins", "快速见效举措"),
    ("quick_wins_text", "Steps of low or medium effort that can start within three months and wait for no other "
                        "step.",
     "投入低或中等、可在三个月内启动且不依赖其他举措的步骤。"),
    ("quick_wins_none", "No step qualifies as a quick win: every policy needs high effort, a longer lead time or "
                        "another step first.",
     "没有符合快速见效条件的举措：各项策略均需较高投入、较长准备时间或以其他举措为前提。"),
    # survey deliverable
    ("h_roles", "Where roles disagree", "各角色的看法差异"),
    ("roles_text", "Capabilities that interviewee roles rate {{ m.method.disagreement_spread }} levels apart or more "
                   "on average. Such gaps show practice that differs between teams, or that is seen differently "
                   "from the top and from the floor.",
     "各受访角色平均评分相差{{ m.method.disagreement_spread }}级或以上的能力。这类差异说明各团队实践不一致，"
     "或管理层与一线对现状的认识不同。"),
    ("cap_roles", "Role disagreements (largest first)", "角色看法差异（按差距排序）"),
    ("c_highest", "Rated highest by", "评分最高"),
    ("c_lowest", "Rated lowest by", "评分最低"),
    ("c_all_roles", "All roles", "各角色"),
    ("roles_none", "The roles broadly agree: no capability is rated that far apart.",
     "各角色看法基本一致：没有能力的评分差距达到该幅度。"),
    ("h_themes", "Themes from the interview notes", "访谈记录中的主题"),
    ("themes_text", "The topics the interviewers' notes keep returning to, and the roles that raised them.",
     "访谈记录中反复出现的话题，以及提出这些话题的角色。"),
    ("cap_themes", "Themes", "主题"),
    ("c_topic", "Topic", "话题"),
    ("c_notes", "Notes", "记录数"),
    ("c_raised", "Raised by", "提出角色"),
    ("themes_none", "No topic came up in more than one note.", "没有话题在一条以上的记录中出现。"),
    ("quotes_quotable", "Only notes the consultant marked as quotable are quoted; the speaker is named by role.",
     "仅引用顾问标记为可引用的记录；以角色指代发言人。"),
    # progress since the baseline
    ("h_progress", "Progress since the baseline", "与基线相比的进展"),
    ("progress_text", "Compared with “{{ model.progress.baseline }}”: overall level {{ model.progress.overall.before }} "
                      "→ {{ model.progress.overall.after }} ({{ model.progress.overall.delta }}).",
     "与“{{ model.progress.baseline }}”相比：整体等级{{ model.progress.overall.before }} → "
     "{{ model.progress.overall.after }}（{{ model.progress.overall.delta }}）。"),
    ("progress_text_basic", "Compared with “{{ model.progress.baseline }}”, domain by domain.",
     "与“{{ model.progress.baseline }}”逐个领域对比。"),
    ("cap_progress", "Level per domain: baseline and now", "各领域等级：基线与本次"),
    ("cap_progress_table", "Change per domain since the baseline", "各领域相对基线的变化"),
    ("c_before", "Baseline", "基线"),
    ("c_now", "Now", "本次"),
    ("c_change", "Change", "变化"),
    ("most_improved", "Most improved", "进步最大"),
    ("fallen_back", "Fallen back", "有所退步"),
    ("fallen_none", "No capability has fallen back.", "没有能力出现退步。"),
    # maturity deliverable
    ("override_mark", "* Set by the consultant: levels marked * below, with the rationale given under “Overrides "
                      "and their rationale”.",
     "* 由顾问人工调整：下表中标有*的等级，理由见“人工调整及理由”一节。"),
    ("domain_override_mark", "* A domain level marked * below includes a capability level set by the consultant "
                             "(see “Overrides and their rationale”); such a domain can have a level at low coverage.",
     "* 下表中标有*的领域等级含顾问人工调整的能力等级（见“人工调整及理由”），因此该领域在覆盖率较低时也可能有等级。"),
    ("h_method_appendix", "Appendix A: Method", "附录A：评估方法"),
]

WORDS: dict[str, dict[str, str]] = {
    "en": {k: en for k, en, _ in _TEXT},
    "zh": {k: zh for k, _, zh in _TEXT},
}


# --- sections -----------------------------------------------------------------------------------------


def _intro(t: TemplateWriter, kind: str) -> None:
    w = t.w
    t.h(w("h_intro"))
    t.notices()
    t.p(w(f"intro_{kind}"))
    t.key_values([
        (w("k_customer"), "{{ meta.customer }}"),
        (w("k_industry"), "{{ meta.industry }}"),
        (w("k_engagement"), "{{ meta.engagement }}"),
        (w("services"), "{{ meta.services_text }}"),
        (w("period"), "{{ meta.period }}"),
        (w("k_consultant"), "{{ meta.consultant }}"),
        (w("k_scope"), "{{ meta.scope_notes }}"),
        (w("k_content"), "{{ meta.content_text }}"),
    ], caption=w("cap_engagement"))


def _interviews(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_interviews"))
    t.p(w("interviews_text"))
    t.tag("{%p if survey.interviewees %}")
    t.table("survey.interviewees", [
        Column(w("c_name"), "r.name", 3.2, bold=True), Column(w("c_kind"), "r.kind", 2.0),
        Column(w("c_role"), "r.role", 2.8), Column(w("c_department"), "r.department", 2.9),
        Column(w("c_date"), "r.date", 2.1), Column(w("c_answers"), "r.answers", 1.4, "right"),
        Column(w("c_completion"), "r.completion_text", 1.6, "right"),
    ], caption=w("cap_interviewees"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")


def _coverage(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_coverage"))
    t.h(w("h_coverage_domain"), 2)
    t.p(w("coverage_domain_text"))
    t.tag("{%p if survey.coverage %}")
    t.table("survey.coverage", [
        Column(w("c_domain"), "r.domain", 7.0), Column(w("c_questions"), "r.questions", 2.2, "right"),
        Column(w("c_answered"), "r.answered", 2.2, "right"), Column(w("c_respondents"), "r.respondents", 2.4, "right"),
        Column(w("c_coverage"), "r.coverage_text", 2.2, "right"),
    ], caption=w("cap_coverage_domain"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.h(w("h_coverage_role"), 2)
    t.p(w("coverage_role_text"))
    t.tag("{%p if survey.roles %}")
    t.table("survey.roles", [
        Column(w("c_role"), "r.role", 6.0), Column(w("c_interviewees"), "r.interviewees", 2.6, "right"),
        Column(w("c_track"), "r.track", 2.6, "right"), Column(w("c_answers"), "r.answers", 2.4, "right"),
        Column(w("c_completion"), "r.completion_text", 2.4, "right"),
    ], caption=w("cap_coverage_role"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")


def _stats(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_stats"))
    t.key_values([
        (w("s_questions"), "{{ survey.stats.questions }}"),
        (w("s_answers"), "{{ survey.stats.answers }}"),
        (w("s_given"), "{{ survey.stats.given }}"),
        (w("s_na"), "{{ survey.stats.not_applicable }}"),
        (w("s_unknown"), "{{ survey.stats.unknown }}"),
        (w("s_confidence"), "{{ survey.stats.confidence_high }} / {{ survey.stats.confidence_medium }} / "
                            "{{ survey.stats.confidence_low }}"),
        (w("s_notes"), "{{ survey.stats.with_note }}"),
        (w("s_evidence"), "{{ survey.stats.with_evidence }}"),
        (w("s_follow"), "{{ survey.stats.follow_ups }}"),
    ], widths=(9.0, 7.4), caption=w("cap_stats"))
    t.tag("{%p if survey.charts.distribution %}")
    t.figure("survey.charts.distribution", w("cap_distribution"))
    t.tag("{%p endif %}")


def _quotes(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_quotes"))
    t.p(w("quotes_text") + " " + w("quotes_quotable"))
    t.tag("{%p for q in survey.quotes %}")
    t.p("“{{ q.text }}”", "Quote")
    t.p("— {{ q.who }}, {{ q.role }}{% if q.topic %} · {{ q.topic }}{% endif %}", "Quote Source")
    t.tag("{%p endfor %}")
    t.tag("{%p if not survey.quotes %}")
    t.p(w("none"))
    t.tag("{%p endif %}")


def _evidence(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_evidence"))
    t.p(w("evidence_text"))
    t.tag("{%p if survey.evidence %}")
    t.table("survey.evidence", [
        Column(w("c_title"), "r.title", 7.0, bold=True), Column(w("c_file"), "r.file", 4.4),
        Column(w("c_status"), "r.status", 2.4), Column(w("c_linked"), "r.linked", 2.4, "right"),
    ], caption=w("cap_evidence"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.tag("{%p if survey.requests %}")
    t.p(w("h_requests"), "Minor Heading")
    t.p(w("requests_text"))
    t.table("survey.requests", [
        Column(w("c_ref"), "r.ref", 1.4), Column(w("c_title"), "r.title", 7.0, detail="r.note"),
        Column(w("c_owner"), "r.owner", 3.0), Column(w("c_due"), "r.due", 3.0),
        Column(w("c_status"), "r.status", 2.2),
    ], caption=w("cap_requests"))
    t.tag("{%p endif %}")


def _criteria(t: TemplateWriter) -> None:
    """What had to hold for an answer to count (models that list answer criteria); nothing when none do."""
    w = t.w
    t.tag("{%p if survey.criteria %}")
    t.h(w("h_criteria"))
    t.p(w("criteria_text"))
    t.table("survey.criteria", [
        Column(w("c_question"), "r.question", 4.6, bold=True), Column(w("c_criteria"), "r.criteria_text", 5.6),
        Column(w("c_criteria_count"), "r.answered", 1.6, "right"), Column(w("c_answers_given"), "r.answers_text", 4.8),
    ], caption=w("cap_criteria"))
    t.tag("{%p endif %}")


def _model_title(t: TemplateWriter) -> None:
    t.tag("{%p if multiple_models %}")
    t.p("{{ m.name }} {{ m.version }}", "Minor Heading")
    t.tag("{%p endif %}")


def _summary(t: TemplateWriter, radar: bool = False) -> None:
    w = t.w
    t.h(w("h_summary"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.tag("{%p if m.overall.assessed %}")
    t.p(w("summary_overall"))
    t.tag("{%p else %}")
    t.p(w("summary_empty"))
    t.tag("{%p endif %}")
    if radar:
        t.figure("m.charts.radar", w("cap_radar"))
    t.tag("{%p if m.strengths %}")
    t.p(w("strengths"), "Minor Heading")
    t.tag("{%p for c in m.strengths %}")
    t.bullet([("{{ c.name }}", True), (w("strength_line"), False)])
    t.tag("{%p endfor %}")
    t.tag("{%p endif %}")
    t.tag("{%p if m.risks %}")
    t.p(w("risks"), "Minor Heading")
    t.tag("{%p for c in m.risks %}")
    t.bullet([("{{ c.name }}", True), (w("risk_line"), False)])
    t.tag("{%p endfor %}")
    t.tag("{%p endif %}")
    t.tag("{%p if m.not_assessed %}")
    t.p(w("not_assessed_line"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _method(t: TemplateWriter, appendix: bool = False) -> None:
    w = t.w
    t.h(w("h_method_appendix" if appendix else "h_method"), numbered=not appendix)
    t.p(w("method_text"))
    t.h(w("h_scale"), 2)
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.table("m.scale", [
        Column(w("c_level"), "r.level", 1.4, "center"), Column(w("c_level_name"), "r.name", 3.6, bold=True),
        Column(w("c_description"), "r.description", 11.4),
    ], caption=w("cap_scale"))
    t.tag("{%p endfor %}")
    t.h(w("h_rules"), 2)
    t.tag("{%p for m in models %}")
    _model_title(t)
    for key in ("rule_capability", "rule_consolidation", "rule_rollup", "rule_missing", "rule_target",
                "rule_override"):
        t.bullet(w(key))
    t.tag("{%p endfor %}")
    t.h(w("h_weights"), 2)
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.table("m.capabilities", [
        Column(w("c_domain"), "r.domain", 5.2), Column(w("c_capability"), "r.name", 8.6),
        Column(w("c_weight"), "r.weight_text", 2.0, "right"),
    ], caption=w("cap_weights"))
    t.tag("{%p endfor %}")
    t.h(w("h_na"), 2)
    t.p(w("na_text"))
    t.h(w("h_confidence"), 2)
    t.p(w("confidence_text"))


def _overall(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_overall"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.tag("{%p if m.overall.assessed %}")
    t.p(w("summary_overall"))
    t.tag("{%p else %}")
    t.p(w("summary_empty"))
    t.tag("{%p endif %}")
    t.tag("{%p if m.has_radar %}")  # with fewer than 3 domains the radar is the bar chart below
    t.figure("m.charts.radar", w("cap_radar"))
    t.tag("{%p endif %}")
    # the note goes above the table: below it, it was left alone on the next page when the table filled its page
    t.tag("{%p if m.overrides %}")
    t.p(w("domain_override_mark"), "Small Print")
    t.tag("{%p endif %}")
    t.table("m.domains", [
        Column(w("c_domain"), "r.name", 6.6, bold=True),
        Column(w("c_level"), "r.level_text ~ ('*' if r.capabilities|selectattr('overridden')|list else '')", 2.2,
               "right", colour="r.colour"),
        Column(w("c_target"), "r.target_text", 1.8, "right"), Column(w("c_gap"), "r.gap_text", 1.8, "right"),
        Column(w("c_coverage"), "r.coverage_text", 2.2, "right"), Column(w("c_weight"), "r.weight_text", 1.8, "right"),
    ], caption=w("cap_domains"))
    t.figure("m.charts.bars", w("cap_bars"))
    t.tag("{%p endfor %}")


def _heatmap(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_heatmap"))
    t.p(w("heatmap_text"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.figure("m.charts.heatmap", w("cap_heatmap"))
    t.tag("{%p if m.overrides %}")
    t.p(w("override_mark"), "Small Print")
    t.tag("{%p endif %}")
    t.table("m.capabilities", [
        Column(w("c_domain"), "r.domain", 3.7), Column(w("c_capability"), "r.name", 5.4, bold=True),
        Column(w("c_level"), "r.level_text ~ ('*' if r.overridden else '')", 1.4, "right", colour="r.colour"),
        Column(w("c_computed"), "r.computed_text", 1.9, "right"),
        Column(w("c_confidence"), "r.confidence", 2.05), Column(w("c_coverage"), "r.coverage_text", 1.8, "right"),
    ], caption=w("cap_capabilities"))
    t.tag("{%p endfor %}")


def _gap(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_gap"))
    t.p(w("gap_text"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.tag("{%p if m.gaps %}")
    t.table("m.gaps", [
        Column(w("c_capability"), "r.name", 5.6, bold=True), Column(w("c_domain"), "r.domain", 3.8),
        Column(w("c_current"), "r.level_text ~ ('*' if r.overridden else '')", 1.7, "right", colour="r.colour"),
        Column(w("c_target"), "r.target_text", 1.6, "right"), Column(w("c_gap"), "r.gap_text", 1.4, "right"),
        Column(w("c_confidence"), "r.confidence", 2.1),
    ], caption=w("cap_gap"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _disagreement(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_disagreement"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.p(w("disagreement_text"))
    t.tag("{%p if m.disagreements %}")
    t.figure("m.charts.disagreement", w("cap_disagreement"))
    t.table("m.disagreements", [
        Column(w("c_question"), "r.question", 6.4, detail="r.capability"),
        Column(w("c_spread"), "r.spread_text", 1.4, "right"),
        Column(w("c_responses"), "r.responses_text", 8.6),
    ], caption=w("cap_disagreement"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _overrides(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_overrides"))
    t.p(w("overrides_text"))
    t.tag("{%p for m in models %}")
    t.tag("{%p if m.overrides %}")
    t.table("m.overrides", [
        Column(w("c_capability"), "r.capability", 4.4, bold=True, detail="r.domain"),
        Column(w("c_computed"), "r.computed_text", 1.8, "right"), Column(w("c_override"), "r.override_text", 1.8, "right"),
        Column(w("c_rationale"), "r.rationale", 6.4), Column(w("c_author"), "r.author", 2.0),
    ], caption=w("cap_overrides"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _kpis(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_kpi"))
    t.p(w("kpi_text"))
    t.tag("{%p for m in models %}")
    t.tag("{%p if m.kpis %}")
    t.table("m.kpis", [
        Column(w("c_kpi"), "r.name", 3.6, bold=True, detail="r.direction"),
        Column(w("c_description"), "r.definition", 6.0), Column(w("c_baseline"), "r.baseline_text", 2.0, "right"),
        Column(w("c_typical"), "r.typical_target", 4.8),
    ], caption=w("cap_kpi"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _diagnosis(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_diagnosis"))
    t.p(w("diagnosis_text"))
    t.tag("{%p for m in models %}")
    t.tag("{%p for d in m.domains %}")
    t.h("{{ d.name }}", 2)
    t.p("{{ d.description }}")
    t.tag("{%p if d.assessed %}")
    t.p(w("domain_level"), bold=True)
    t.tag("{%p else %}")
    t.p(w("domain_empty"), bold=True)
    t.tag("{%p endif %}")
    t.table("d.capabilities", [
        Column(w("c_capability"), "r.name", 4.2, bold=True),
        Column(w("c_level"), "r.level_text", 1.8, "right", colour="r.colour"),
        Column(w("c_target"), "r.target_text", 1.6, "right"),
        Column(w("c_observed"), "r.observed", 8.8),
    ], caption=w("cap_domain_caps"))
    t.tag("{%p if d.notes %}")
    t.p(w("heard"), "Minor Heading")
    t.tag("{%p for q in d.notes %}")
    t.p("“{{ q.text }}”", "Quote")
    t.p("— {{ q.who }}, {{ q.role }} · {{ q.topic }}", "Quote Source")
    t.tag("{%p endfor %}")
    t.tag("{%p endif %}")
    t.tag("{%p if d.evidence %}")
    t.p(w("evidence_behind"), "Minor Heading")
    t.tag("{%p for e in d.evidence %}")
    t.bullet("{{ e }}")
    t.tag("{%p endfor %}")
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")
    t.tag("{%p endfor %}")


def _policies(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_policies"))
    t.p(w("policies_text"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.tag("{%p if m.recommendations %}")
    t.table("m.recommendations", [
        Column(w("c_rank"), "r.rank", 0.9, "right"),
        Column(w("c_recommendation"), "r.title", 7.4, bold=True, detail="r.description"),
        Column(w("c_capability"), "r.capability", 3.0, detail="r.from_to"),
        Column(w("c_impact"), "r.impact", 1.5), Column(w("c_effort"), "r.effort", 1.5),
        Column(w("c_horizon"), "r.horizon", 2.1),
    ], caption=w("cap_policies"))
    t.tag("{%p else %}")
    t.p(w("policies_none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _appendix(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_appendix"), numbered=False)
    t.p(w("appendix_text"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.tag("{%p if m.answers %}")
    t.table("m.answers", [
        Column(w("c_question"), "r.question_shown", 5.6), Column(w("c_interviewee"), "r.interviewee", 3.0,
                                                                 detail="r.role_under_name"),
        Column(w("c_answer"), "r.answer", 3.4), Column(w("c_note"), "r.note", 4.4),
    ], caption=w("cap_answers"), zebra="r.shade")
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _summary_with_radar(t: TemplateWriter) -> None:
    _summary(t, radar=True)


# --- the diagnosis deliverable ------------------------------------------------------------------------


def _exec_summary(t: TemplateWriter) -> None:
    """The first page after the cover: the consultant's summary, as stored (or drafted)."""
    w = t.w
    t.h(w("h_exec"), numbered=False)
    t.tag("{%p if model and model.diagnosis and model.diagnosis.summary %}")
    t.tag("{%p if not model.diagnosis.summary_approved and meta.control.status_id == 'draft' %}")
    t.p(w("exec_draft"), "Small Print")
    t.tag("{%p endif %}")
    t.tag("{%p for b in model.diagnosis.summary %}")
    t.tag("{%p if b.bullets %}")
    t.p("{{ b.text }}", "Minor Heading")
    t.tag("{%p for x in b.bullets %}")
    t.bullet("{{ x }}")
    t.tag("{%p endfor %}")
    t.tag("{%p else %}")
    t.p("{{ b.text }}")
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")


def _position(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_position"))
    t.tag("{%p if meta.scored %}")
    t.p(w("position_scored"))
    t.tag("{%p else %}")
    t.p(w("position_text"))
    t.tag("{%p endif %}")
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.table("m.diagnosis.domains", [
        Column(w("c_domain"), "r.name", 5.0, bold=True), Column(w("c_position"), "r.position", 11.4),
    ], caption=w("cap_position"))
    t.tag("{%p if meta.scored and m.overall.assessed %}")
    t.figure("m.charts.radar", w("cap_radar"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _findings(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_findings"))
    t.p(w("findings_text"))
    t.tag("{%p if model and not model.diagnosis.approved %}")
    t.p(w("findings_waiting"), "Notice")
    t.tag("{%p endif %}")
    t.tag("{%p for m in models %}")
    t.tag("{%p if m.diagnosis.approved %}")
    t.tag("{%p for d in m.diagnosis.domains %}")
    t.tag("{%p if d.findings %}")
    t.h("{{ d.name }}", 2)
    t.p("{{ d.position }}", "Small Print").paragraph_format.keep_with_next = True
    _finding_cards(t)
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _finding_cards(t: TemplateWriter) -> None:
    """One row per finding, never split over two pages: a tinted tab (number, type, severity) and the text."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    from app.reports.template_builder import _fixed_layout, _shade, _table_borders

    w = t.w
    widths = (2.2, t.text_width_cm - 2.2)
    table = t.doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table, "D9D9D9")
    _fixed_layout(table, widths)
    open_row, body, close_row = table.rows
    body._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    tab, text = body.cells
    tab.paragraphs[0].style = t.doc.styles["Minor Heading"]
    # Minor Heading keeps with the next paragraph; inside a card that made LibreOffice keep the whole
    # table of cards together, so a domain's cards left its heading alone on the page before them
    tab.paragraphs[0].paragraph_format.keep_with_next = False
    tab.paragraphs[0].add_run("{% cellbg f.colour %}{{ f.number }}")
    tab.add_paragraph("{{ f.type_text }}", style=t.doc.styles["Table Text"])
    tab.add_paragraph("{{ f.severity_text }}", style=t.doc.styles["Table Text"])
    _shade(tab, "FFFFFF")
    first = text.paragraphs[0]
    first.style = t.doc.styles["Minor Heading"]
    first.paragraph_format.keep_with_next = False
    first.paragraph_format.space_before = 0
    first.add_run("{{ f.title }}")
    text.add_paragraph("{{ f.statement }}", style=t.doc.styles["Table Text"])

    def tagged(tag: str) -> None:
        text.add_paragraph(tag, style=t.doc.styles["Table Text"])

    def labelled(label: str, value: str) -> None:
        p = text.add_paragraph(style=t.doc.styles["Small Print"])
        p.add_run(label).bold = True
        p.add_run(value)

    tagged("{%p for q in f.quotes %}")
    text.add_paragraph("“{{ q[0] }}” — {{ q[1] }}", style=t.doc.styles["Quote"])
    tagged("{%p endfor %}")
    for key, value, test in (("f_answers", "{{ f.answers_text }}", "f.answers_text"),
                             ("f_measured", "{{ f.kpis_text }}", "f.kpis_text"),
                             ("f_evidence", "{{ f.evidence|join('; ') }}", "f.evidence"),
                             ("f_leads", "{{ f.recommendations|join('; ') }}", "f.recommendations")):
        tagged(f"{{%p if {test} %}}")
        labelled(w(key), value)
        tagged("{%p endif %}")
    open_row.cells[0].paragraphs[0].add_run("{%tr for f in d.findings %}")
    close_row.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    t.doc.add_paragraph(style="Small Print")


def _key_risks(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_key_risks"))
    t.p(w("key_risks_text"))
    t.tag("{%p for m in models %}")
    t.tag("{%p if m.diagnosis.risks %}")
    t.table("m.diagnosis.risks", [
        Column(w("c_rank"), "r.number", 1.1), Column(w("c_finding"), "r.title", 8.8, bold=True, detail="r.domain"),
        Column(w("c_type"), "r.type_text", 2.2, colour="r.colour"), Column(w("c_severity"), "r.severity_text", 2.4),
    ], caption=w("cap_key_risks"))
    t.tag("{%p else %}")
    t.p(w("none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _ranked_policies(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_policies"))
    t.p(w("policies_ranked"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.tag("{%p if m.diagnosis.policies %}")
    t.tag("{%p if m.diagnosis.policies|length > 15 %}")
    t.p(w("policies_top"))
    t.tag("{%p endif %}")
    t.table("m.diagnosis.policies[:15]", [
        Column(w("c_rank"), "r.rank", 0.9, "right"),
        Column(w("c_recommendation"), "r.title", 6.6, bold=True, detail="r.description"),
        Column(w("c_capability"), "r.capability", 3.0, detail="r.domain"),
        Column(w("c_impact"), "r.impact", 1.5), Column(w("c_effort"), "r.effort", 1.5),
        Column(w("c_start"), "r.start", 1.9), Column(w("c_findings"), "r.findings", 1.6),
    ], caption=w("cap_policies"))
    t.tag("{%p else %}")
    t.p(w("policies_none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _quick_wins(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_quick_wins"), 2)
    t.p(w("quick_wins_text"))
    t.tag("{%p for m in models %}")
    t.tag("{%p if m.diagnosis.quick_wins %}")
    t.tag("{%p for r in m.diagnosis.quick_wins %}")
    t.bullet([("{{ r.title }}", True), (" ({{ r.capability }}, #{{ r.rank }})", False)])
    t.tag("{%p endfor %}")
    t.tag("{%p else %}")
    t.p(w("quick_wins_none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


# --- the survey deliverable ---------------------------------------------------------------------------


def _role_views(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_roles"))
    t.tag("{%p for m in models %}")
    _model_title(t)
    t.p(w("roles_text"))
    t.tag("{%p if m.role_gaps %}")
    t.table("m.role_gaps", [
        Column(w("c_capability"), "r.capability", 4.6, bold=True, detail="r.domain"),
        Column(w("c_highest"), "r.high", 3.2), Column(w("c_lowest"), "r.low", 3.2),
        Column(w("c_spread"), "r.spread_text", 1.4, "right"), Column(w("c_all_roles"), "r.roles_text", 4.0),
    ], caption=w("cap_roles"))
    t.tag("{%p else %}")
    t.p(w("roles_none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


def _themes(t: TemplateWriter) -> None:
    w = t.w
    t.h(w("h_themes"))
    t.p(w("themes_text"))
    t.tag("{%p for m in models %}")
    t.tag("{%p if m.themes %}")
    t.table("m.themes", [
        Column(w("c_topic"), "r.topic", 5.6, bold=True, detail="r.domain"),
        Column(w("c_notes"), "r.notes", 1.8, "right"), Column(w("c_raised"), "r.roles", 9.0),
    ], caption=w("cap_themes"))
    t.tag("{%p else %}")
    t.p(w("themes_none"))
    t.tag("{%p endif %}")
    t.tag("{%p endfor %}")


# --- every report of a re-assessment ------------------------------------------------------------------


def _progress(t: TemplateWriter) -> None:
    w = t.w
    t.tag("{%p if model and model.progress %}")
    t.h(w("h_progress"))
    t.tag("{%p if meta.scored %}")
    t.p(w("progress_text"))
    t.figure("model.charts.progress", w("cap_progress"))
    t.table("model.progress.domains", [
        Column(w("c_domain"), "r.name", 7.6, bold=True), Column(w("c_before"), "r.before", 2.6, "right"),
        Column(w("c_now"), "r.after", 2.6, "right"), Column(w("c_change"), "r.delta", 3.2, "right"),
    ], caption=w("cap_progress_table"))
    t.tag("{%p else %}")
    t.p(w("progress_text_basic"))
    t.tag("{%p endif %}")
    t.tag("{%p if model.progress.improved %}")
    t.p(w("most_improved"), "Minor Heading")
    t.tag("{%p for r in model.progress.improved %}")
    t.bullet([("{{ r.name }}", True), (" ({{ r.domain }}){% if meta.scored %}: {{ r.before }} → {{ r.after }} "
                                      "({{ r.delta }}){% endif %}", False)])
    t.tag("{%p endfor %}")
    t.tag("{%p endif %}")
    t.p(w("fallen_back"), "Minor Heading")
    t.tag("{%p for r in model.progress.fallen %}")
    t.bullet([("{{ r.name }}", True), (" ({{ r.domain }}){% if meta.scored %}: {{ r.before }} → {{ r.after }} "
                                      "({{ r.delta }}){% endif %}", False)])
    t.tag("{%p endfor %}")
    t.tag("{%p if not model.progress.fallen %}")
    t.p(w("fallen_none"))
    t.tag("{%p endif %}")
    t.tag("{%p endif %}")


def _method_appendix(t: TemplateWriter) -> None:
    _method(t, appendix=True)


# The heading each section starts with (the Export dialog's preview lists them).
HEADINGS: dict[Callable[..., None], str] = {
    _interviews: "h_interviews", _coverage: "h_coverage", _stats: "h_stats", _quotes: "h_quotes",
    _evidence: "h_evidence", _criteria: "h_criteria", _summary: "h_summary", _method: "h_method", _overall: "h_overall",
    _heatmap: "h_heatmap", _gap: "h_gap", _disagreement: "h_disagreement", _overrides: "h_overrides",
    _kpis: "h_kpi", _diagnosis: "h_diagnosis", _policies: "h_policies", _appendix: "h_appendix",
    _summary_with_radar: "h_summary", _position: "h_position", _findings: "h_findings",
    _key_risks: "h_key_risks", _ranked_policies: "h_policies", _quick_wins: "h_quick_wins",
    _role_views: "h_roles", _themes: "h_themes", _progress: "h_progress", _method_appendix: "h_method_appendix",
}

SECTIONS: dict[str, tuple[Callable[..., None], ...]] = {
    "survey": (_interviews, _coverage, _stats, _role_views, _themes, _quotes, _evidence, _criteria, _progress),
    "diagnosis": (_position, _findings, _key_risks, _ranked_policies, _quick_wins, _progress),
    "maturity": (_summary, _overall, _heatmap, _gap, _disagreement, _overrides, _kpis, _progress,
                 _method_appendix, _appendix),
}


def build_body(t: TemplateWriter, kind: str) -> None:
    t.cover("{{ meta.title }}", logo_png())  # the model's own title (app.content.wording)
    if kind == "diagnosis":
        _exec_summary(t)  # the page a CIO reads first
    t.contents()
    _intro(t, kind)
    for section in SECTIONS[kind]:
        section(t)
