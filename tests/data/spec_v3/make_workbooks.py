"""Writes the workbooks of tests/spec_v3_exports.rs (`pip install openpyxl`, then
`python3 tests/data/spec_v3/make_workbooks.py`). The workbooks are committed; tests do not run
this script.

- order-1.xlsx and order-2.xlsx hold the same three exports (subscriptions, users, usage
  report) in sheets of other names and in another order. Dates are real Excel date cells.
- conflict-1.xlsx and conflict-2.xlsx hold a subscriptions sheet and two users sheets that
  disagree on Ann's status; the two workbooks swap which sheet name holds which.
"""

import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

SUBS = [
    ["subscription_id", "contract_number", "offering_name", "seat_quantity", "end_date",
     "autorenew_date", "team_alias", "contract_manager_email"],
    # 2027-01-12 is 72 days after 2026-11-01 and there is no autorenew date: renewal due.
    ["s1", "1001", "Revit", 2, datetime.date(2027, 1, 12), None, "T", "cm@x.example"],
    ["s2", "1001", "AutoCAD", 1, datetime.date(2027, 1, 12), None, "T", "cm@x.example"],
]
USERS = [
    ["email", "first_name", "last_name", "role", "offering_name", "team_alias",
     "account_status"],
    ["cm@x.example", "Cy", "Mann", "Primary Admin", None, "T", "Active"],
    ["ann@x.example", "Ann", "Ash", "User", "Revit", "T", "Active"],
    ["bob@x.example", "Bob", "Bay", "User", "AutoCAD", "T", "Active"],
]
USAGE = [
    ["hashed_autodesk_id", "email", "team_alias", "offering_name", "seat_assignment",
     "assigned_date", "days_inactive", "access_option", "days_used", "monthly_average",
     "last_accessed"],
    # Ann: 200 days inactive and no last_accessed: dormant.
    ["A1", "ann@x.example", "T", "Revit", "assigned", datetime.date(2026, 1, 10), 200,
     "Subscription", 0, 0, None],
    # Bob: last accessed 2026-10-30 (a date cell): not dormant whatever days_inactive says.
    ["B1", "bob@x.example", "T", "AutoCAD", "assigned", datetime.date(2026, 1, 10), 200,
     "Subscription", 40, 4.0, datetime.date(2026, 10, 30)],
]


def book(sheets, out):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(HERE / out)


book([("Users", USERS), ("Subscriptions", SUBS), ("Usage", USAGE)], "order-1.xlsx")
book([("Nutzung", USAGE), ("Abos", SUBS), ("Benutzer", USERS)], "order-2.xlsx")

USERS_ACTIVE = [USERS[0], ["ann@x.example", "Ann", "Ash", "User", "Revit", "T", "Active"]]
USERS_INACTIVE = [USERS[0], ["ann@x.example", "Ann", "Ash", "User", "Revit", "T", "Inactive"]]
book([("Subscriptions", SUBS), ("Users A", USERS_ACTIVE), ("Users B", USERS_INACTIVE)],
     "conflict-1.xlsx")
book([("Subscriptions", SUBS), ("Users A", USERS_INACTIVE), ("Users B", USERS_ACTIVE)],
     "conflict-2.xlsx")
