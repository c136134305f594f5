# METADATA
# title: a contract's Contract Manager is also its only Software Coordinator
# description: |
#   RC101 written as a policy: a contract has a Contract Manager and no Software Coordinator
#   other than the Contract Manager ("Option A"). Quiet where either role is unknown.
# custom:
#   id: EX101
#   severity: warning
#   help: name a separate Software Coordinator so users can be set up while the Contract Manager is away
package rollcall.custom.contract_manager_is_coordinator

# A role the inputs name: not absent, not `unknown`.
known(role) if {
	is_string(role)
	role != "unknown"
}

deny contains result if {
	some i, c in input.contracts
	known(c.contract_manager)
	is_array(c.software_coordinators)
	every sc in c.software_coordinators {
		sc == c.contract_manager
	}
	result := {
		"msg": sprintf("`%s` is both Contract Manager and Software Coordinator of contract %s", [c.contract_manager, c.number]),
		"subject": {"contract": c.number, "user": c.contract_manager},
		"at": where(i, c),
	}
}

# The coordinator value that repeats the Contract Manager, else the Contract Manager.
where(i, c) := ["contracts", i, "software_coordinators", 0] if {
	count(c.software_coordinators) > 0
} else := ["contracts", i, "contract_manager"]

test_fires_when_no_coordinator_is_named if {
	r := deny with input as {"contracts": [{"number": "1", "contract_manager": "a@x.example", "software_coordinators": []}]}
	r == {{
		"msg": "`a@x.example` is both Contract Manager and Software Coordinator of contract 1",
		"subject": {"contract": "1", "user": "a@x.example"},
		"at": ["contracts", 0, "contract_manager"],
	}}
}

test_fires_when_the_coordinator_is_the_manager if {
	r := deny with input as {"contracts": [{"number": "1", "contract_manager": "a@x.example", "software_coordinators": ["a@x.example"]}]}
	some f in r
	f.at == ["contracts", 0, "software_coordinators", 0]
}

test_quiet_with_a_separate_coordinator if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "contract_manager": "a@x.example", "software_coordinators": ["a@x.example", "b@x.example"]}]}
}

test_quiet_when_coordinators_are_unknown if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "contract_manager": "a@x.example", "software_coordinators": "unknown"}]}
}

test_quiet_without_a_manager if {
	count(deny) == 0 with input as {"contracts": [{"number": "1", "software_coordinators": []}]}
}
