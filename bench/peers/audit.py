#!/usr/bin/env python3
"""The peer a user would write instead of rollcall: a straightforward Python audit of the same
rules over the same corpus, with PyYAML's libyaml loader and one process per core.

usage: audit.py [--jobs N] [--as-of YYYY-MM-DD] DIR
Prints the number of accounts and findings per rule as JSON (for a sanity check against
rollcall's counts; locations are not computed: PyYAML's fast loader gives none).
"""
import csv
import datetime as dt
import json
import os
import sys
from collections import Counter
from multiprocessing import Pool

import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - the benchmark requires libyaml
    sys.exit("PyYAML was built without libyaml")

TODAY = dt.date(2026, 11, 1)
STATUS = {"active": "active", "verified": "active", "invited": "invited", "pending": "invited",
          "inactive": "inactive", "removed": "removed", "disabled": "removed", "deleted": "removed",
          "departed": "removed"}


def day(v):
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    if "/" in s:
        m, d, y = s.split(" ")[0].split("/")
        return dt.date(int(y), int(m), int(d))
    return dt.date.fromisoformat(s[:10])


def norm(h):
    return "_".join(h.replace("\ufeff", "").strip().rstrip("*").strip().lower().replace("_", " ").split())


def load_snapshot(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=Loader)
    users = None
    if doc.get("users") is not None:
        users = [{"email": str(u["email"]).strip().lower(),
                  "status": STATUS[str(u.get("status", "active")).lower()],
                  "invited_on": day(u.get("invited_on")), "last_active": day(u.get("last_active"))}
                 for u in doc["users"]]
    contracts = []
    for c in doc.get("contracts") or []:
        cm = c.get("contract_manager", c.get("primary_admin"))
        scs = c.get("software_coordinators", c.get("secondary_admins"))
        if scs is None and c.get("software_coordinator"):
            scs = [c["software_coordinator"]]
        contracts.append({
            "number": str(c["number"]), "ends": day(c.get("ends")), "auto_renew": bool(c.get("auto_renew", False)),
            "cm": str(cm).strip().lower() if cm else None, "scs": [str(s).strip().lower() for s in scs or []],
            "scs_known": True, "cm_known": True,
            "products": [{"name": p["name"], "seats": int(p["seats"]),
                          "assigned": None if p.get("assigned") is None else [str(a).strip().lower() for a in p["assigned"]]}
                         for p in c.get("products") or []]})
    teams = [{"name": t["name"], "primary": (t.get("primary_admin") or "").lower() or None,
              "secondary": [s.lower() for s in t.get("secondary_admins") or []],
              "sso": [s.lower() for s in t.get("sso_admins") or []]} for t in doc.get("teams") or []]
    return {"users": users, "contracts": contracts, "teams": teams, "domains": doc.get("domains"),
            "policy": (doc.get("policy") or {}).get("roles_across_contracts"), "as_of": day(doc.get("as_of"))}


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f)
        header = [norm(h) for h in next(r)]
        for row in r:
            yield dict(zip(header, row))


def load_exports(folder, names):
    acct = {"users": None, "contracts": [], "teams": [], "domains": None, "policy": None, "as_of": None}
    by_number, users, teams, assignments = {}, {}, {}, []
    for name in sorted(names):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8-sig") as f:
            header = [norm(h) for h in f.readline().split(",")]
        if "seat_quantity" in header:
            for r in rows(path):
                num = r.get("contract_number") or r["subscription_id"]
                c = by_number.setdefault(num, {"number": num, "ends": None, "auto_renew": True, "cm": None, "scs": [],
                                               "scs_known": False, "cm_known": "contract_manager_email" in r, "team": r.get("team_alias"), "products": []})
                e = day(r.get("end_date"))
                if e and (c["ends"] is None or e < c["ends"]):
                    c["ends"] = e
                c["auto_renew"] = c["auto_renew"] and bool(r.get("autorenew_date"))
                c["cm"] = c["cm"] or (r.get("contract_manager_email") or "").lower() or None
                for p in c["products"]:
                    if p["name"] == r["offering_name"]:
                        p["seats"] += int(r["seat_quantity"])
                        break
                else:
                    c["products"].append({"name": r["offering_name"], "seats": int(r["seat_quantity"]), "assigned": None})
        else:
            usage = "seat_assignment" in header or "hashed_autodesk_id" in header
            for r in rows(path):
                email = (r.get("email") or "").strip().lower()
                if not email or set(email) == {"*"}:
                    continue
                u = users.setdefault(email, {"email": email, "status": "active", "invited_on": None, "last_active": None})
                if r.get("account_status"):
                    u["status"] = STATUS.get(r["account_status"].lower(), u["status"])
                if usage:
                    la = r.get("last_accessed")
                    if la and set(la) != {"*"}:
                        d = day(la)
                        if u["last_active"] is None or d > u["last_active"]:
                            u["last_active"] = d
                    if (r.get("seat_assignment") or "").lower() == "assigned":
                        assignments.append((email, r["offering_name"], r.get("team_alias")))
                else:
                    role = norm(r.get("role") or "")
                    team = r.get("team_alias")
                    if team and role in ("primary_admin", "secondary_admin", "sso_admin"):
                        t = teams.setdefault(team, {"name": team, "primary": None, "secondary": [], "sso": []})
                        if role == "primary_admin" and t["primary"] is None:
                            t["primary"] = email
                        elif role == "sso_admin":
                            t["sso"].append(email)
                        elif email != t["primary"]:
                            t["secondary"].append(email)
                    if r.get("offering_name"):
                        assignments.append((email, r["offering_name"], team))
    acct["contracts"] = list(by_number.values())
    acct["teams"] = list(teams.values())
    if users or assignments:
        acct["users"] = list(users.values())
        placed = {}
        seen = set()
        for email, product, team in assignments:
            cands = [(ci, pi) for ci, c in enumerate(acct["contracts"]) if not team or c.get("team") == team
                     for pi, p in enumerate(c["products"]) if p["name"] == product]
            if not cands or (email, product, team) in seen:
                continue
            seen.add((email, product, team))
            free = [x for x in cands if len(placed.get(x, [])) < acct["contracts"][x[0]]["products"][x[1]]["seats"]]
            placed.setdefault((free or cands)[0], []).append(email)
        for ci, c in enumerate(acct["contracts"]):
            for pi, p in enumerate(c["products"]):
                p["assigned"] = placed.get((ci, pi), [])
    return acct


def audit(folder):
    names = os.listdir(folder)
    snap = [n for n in names if n in ("account.yaml", "account.yml", "account.json")]
    acct = load_snapshot(os.path.join(folder, snap[0])) if snap else load_exports(folder, [n for n in names if n.endswith(".csv")])
    today = acct["as_of"] or TODAY
    f = Counter()
    users = acct["users"]
    by_email = {}
    for u in users or []:
        if u["email"] in by_email:
            f["RC501"] += 1
        else:
            by_email[u["email"]] = u

    def dormant(u):
        return u["status"] in ("inactive", "removed") or (u["last_active"] is not None and (today - u["last_active"]).days > 90)

    holdings = []
    for c in acct["contracts"]:
        if c["cm"]:
            holdings.append(("cm", c["number"], c["cm"]))
        holdings += [("sc", c["number"], s) for s in c["scs"]]
    for t in acct["teams"]:
        if t["primary"]:
            holdings.append(("pa", t["name"], t["primary"]))
        holdings += [("sa", t["name"], s) for s in t["secondary"]] + [("sso", t["name"], s) for s in t["sso"]]
    for h in set(holdings):
        u = by_email.get(h[2])
        if users is not None and u is None:
            f["RC103"] += 1
        if u is not None and (dormant(u) or u["status"] == "invited"):
            f["RC104"] += 1
        if acct["domains"] and not any(h[2].endswith("@" + d) or h[2].endswith("." + d) for d in acct["domains"]):
            f["RC105"] += 1
    for c in acct["contracts"]:
        if c["cm"] is None:
            f["RC102"] += int(c["cm_known"])
        elif c["scs_known"] and all(s == c["cm"] for s in c["scs"]):
            f["RC101"] += 1
        for p in c["products"]:
            if p["assigned"] is not None:
                f["RC301"] += len(p["assigned"]) < p["seats"]
                f["RC302"] += len(p["assigned"]) > p["seats"]
                for a in set(p["assigned"]):
                    if a in by_email and dormant(by_email[a]):
                        f["RC304"] += 1
        if c["ends"]:
            left = (c["ends"] - today).days
            if left < 0 and any(p["assigned"] for p in c["products"]):
                f["RC402"] += 1
            elif 0 <= left <= 90 and not c["auto_renew"]:
                f["RC401"] += 1
    for t in acct["teams"]:
        if t["primary"] and not any(x != t["primary"] for x in t["secondary"] + t["sso"]):
            f["RC106"] += 1
    people = {h[2] for h in holdings}
    if len(acct["contracts"]) + len(acct["teams"]) >= 2 and len(people) == 1:
        f["RC107"] += 1
    cms = [c["cm"] for c in acct["contracts"] if c["cm"]]
    scsets = [frozenset(c["scs"] or ([c["cm"]] if c["cm"] else [])) for c in acct["contracts"] if c["scs_known"]]
    scsets = [s for s in scsets if s]
    if len(acct["contracts"]) >= 2:
        if acct["policy"] is None and (len(set(cms)) > 1 or len(set(scsets)) > 1):
            f["RC202"] += 1
        elif acct["policy"] == "same":
            for values in (cms, scsets):
                if values:
                    counts = Counter(values)
                    top = max(counts.values())
                    usual = next(v for v in values if counts[v] == top)
                    f["RC201"] += sum(1 for v in values if v != usual)
    if users is not None:
        known = any(p["assigned"] is not None for c in acct["contracts"] for p in c["products"])
        seats = {a for c in acct["contracts"] for p in c["products"] for a in p["assigned"] or []}
        for u in by_email.values():
            if known and u["status"] in ("active", "invited") and u["email"] not in seats and u["email"] not in people:
                f["RC303"] += 1
            if u["status"] == "invited" and u["invited_on"] and (today - u["invited_on"]).days > 7:
                f["RC305"] += 1
    return f


def main():
    args = sys.argv[1:]
    jobs = os.cpu_count() or 1
    if args[:1] == ["--jobs"]:
        jobs, args = int(args[1]), args[2:]
    root = args[0]
    folders = sorted(os.path.join(root, d) for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    total = Counter()
    with Pool(jobs) as pool:
        for f in pool.imap_unordered(audit, folders, chunksize=16):
            total.update(f)
    print(json.dumps({"accounts": len(folders), "findings": dict(sorted(total.items()))}))


if __name__ == "__main__":
    main()
