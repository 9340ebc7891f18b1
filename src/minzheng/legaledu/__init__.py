"""Legal education and learning records (普法与学法, issue 13 item 9): activities such as
legal fairs and study sessions, each unit's yearly study plan and its completion, and
the totals on the dashboard (docs/licensing.md, "Legal education")."""
