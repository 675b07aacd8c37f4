"""Citizen dialogue processes: mandate, phases, proposals, argued answers, follow-up (docs/processes.md)."""
