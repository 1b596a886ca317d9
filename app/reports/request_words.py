"""The request list's words in English and Chinese: sheet names, headers, status words.

A module of its own so that the survey report's context (``app.reports.context``) can name
the statuses without importing the request workbook, which imports the context.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.assessment.requests import STATUSES

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "sheet_requests": "Requests", "sheet_plan": "Interview plan",
        "intro": "Documents and records we ask you to prepare for the assessment. Please fill in the owner and "
                 "the due date, and set the status when a document is sent.",
        "ref": "Ref", "document": "Document or record", "why": "Why we ask (capability)", "owner": "Owner",
        "due": "Due", "status": "Status", "note": "Notes", "received_files": "Received",
        "requested": "requested", "received": "received", "reviewed": "reviewed",
        "not_available": "not available",
        "plan_intro": "Interviews by day, with their planned length; the roles below still need a person.",
        "day": "Date", "time": "Time", "minutes": "Duration (min)", "interviewee": "Interviewee", "role": "Role",
        "department": "Department", "not_planned": "not planned yet", "missing": "Roles still to be named",
        "none_missing": "Every role the questionnaires ask is covered.", "nobody": "Nobody is registered yet.",
        "counts": "{total} documents: {requested} requested, {received} received, {reviewed} reviewed, "
                  "{not_available} not available",
        "generated": "Not saved yet: the list the questions in scope generate.",
    },
    "zh": {
        "sheet_requests": "资料清单", "sheet_plan": "访谈计划",
        "intro": "请为本次评估准备以下文档和记录。请填写负责人和截止日期，文档提交后更新状态。",
        "ref": "编号", "document": "文档或记录", "why": "索取原因（能力）", "owner": "负责人", "due": "截止日期",
        "status": "状态", "note": "备注", "received_files": "已收到",
        "requested": "已索取", "received": "已收到", "reviewed": "已审阅", "not_available": "无法提供",
        "plan_intro": "按日期列出的访谈及计划时长；下列角色尚需指定人员。",
        "day": "日期", "time": "时间", "minutes": "时长（分钟）", "interviewee": "受访者", "role": "角色",
        "department": "部门", "not_planned": "尚未安排", "missing": "尚未指定人员的角色",
        "none_missing": "问卷要求的角色均已覆盖。", "nobody": "尚未登记受访者。",
        "counts": "共{total}项资料：已索取{requested}项，已收到{received}项，已审阅{reviewed}项，无法提供{not_available}项",
        "generated": "尚未保存：根据范围内问题生成的清单。",
    },
}


def words(lang: str) -> Mapping[str, str]:
    return WORDS["zh" if lang == "zh" else "en"]


def status_word(status: str, lang: str) -> str:
    return words(lang).get(status, status)


def status_from_word(text: str) -> str | None:
    """The status id of a status word in either language (what a returned workbook says)."""
    value = (text or "").strip()
    for lang in WORDS:
        for status in STATUSES:
            if value in (status, WORDS[lang][status]):
                return status
    return None
