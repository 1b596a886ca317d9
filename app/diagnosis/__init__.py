"""Diagnosis: findings, optimisation policies, the executive summary and baseline deltas.

Pure logic over content and scores (no Qt, no database session): the services read
what they need from storage, call these functions, and store the plain results as
versioned documents of the engagement.
"""
