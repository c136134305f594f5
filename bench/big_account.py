"""Writes one large customer snapshot: `python3 bench/big_account.py PATH USERS`.

Every fourth user is an unanswered invitation (RC305/RC309 and RC303 where they hold no seat),
every seventh was last active in May (dormant: RC304), and 40 contracts of 210 seats share the
users: a customer with thousands of findings, as the human renderer meets it at scale."""
import os
import sys

path, users = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.dirname(path), exist_ok=True)
out = ["account: Big Customer", "as_of: 2026-11-01", "domains: [big.example]", "users:"]
for i in range(users):
    invited = i % 4 == 0
    out.append(f"  - email: user{i}@big.example")
    out.append(f"    name: User {i}")
    out.append(f"    status: {'invited' if invited else 'active'}")
    if invited:
        out.append("    invited_on: 2026-10-01")
    else:
        out.append("    last_active: 2026-05-01" if i % 7 == 0 else "    last_active: 2026-10-20")
out.append("contracts:")
per = max(1, users // 40)
for c in range(40):
    out.append(f'  - number: "1100{c:08d}"')
    out.append(f"    ends: 2027-0{1 + c % 9}-15")
    out.append(f"    contract_manager: user{c * 4 + 1}@big.example")
    out.append(f"    software_coordinators: [user{c * 4 + 2}@big.example]")
    out.append("    products:")
    out.append("      - name: Revit")
    out.append(f"        seats: {per + 10}")
    out.append("        assigned:")
    for u in range(c * per, min(users, c * per + per)):
        out.append(f"          - user{u}@big.example")
with open(path, "w") as f:
    f.write("\n".join(out) + "\n")
