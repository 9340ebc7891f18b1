"""The city's beneficiary roll imported (issue 10 item 8): read, checked whole, then
committed all at once — enrolments through assistance's roll service, payee accounts
through the audited account service."""
