#!/usr/bin/env python3
"""One customer's Autodesk exports at their largest: a users export of USERS users (about 27 MB
at 300,000) and a subscriptions export of SUBS subscriptions sharing the seats, in the layout
Autodesk Account ships today (see fixtures/exports/orbis-architects).

    python3 bench/big_export.py DIR [USERS] [SUBS]
"""
import csv
import os
import random
import sys

out = sys.argv[1]
users = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
subs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
os.makedirs(out, exist_ok=True)
rng = random.Random(42)
offerings = [f"Offering {i:02d}" for i in range(subs)]
teams = [f"Team {i:02d}" for i in range(subs)]
seats = max(1, users // subs)

with open(os.path.join(out, "subscriptions.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(["Subscription ID", "Contract Number", "Offering Name", "Seat Quantity",
                "Start Date", "End Date", "Autorenew Date", "Term", "Subscription Status",
                "Reseller Name", "Reseller Email*", "Team Alias"])
    for i in range(subs):
        w.writerow([f"7481{i:07d}", f"1100{i % 4:08d}", offerings[i], seats, "03/01/2026",
                    "02/28/2027", "02/28/2027", "Annual", "Active", "CAD Partners, Inc.",
                    "renewals@cadpartners.example", teams[i]])

with open(os.path.join(out, "users.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Autodesk ID", "Email*", "First Name*", "Last Name*", "Role", "Offering Name",
                "Product Name", "Team Alias", "Account Status"])
    for i in range(users):
        s = i % subs
        role = "Primary Admin" if i < subs else "User"
        status = "Active" if rng.random() < 0.9 else "Pending"
        offering = offerings[s] if rng.random() < 0.95 else ""
        w.writerow([f"ID{i:010d}", f"user{i:06d}@big.example", f"First{i}", f"Last{i}", role,
                    offering, offering, teams[s], status])
