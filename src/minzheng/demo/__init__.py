"""The demo: the synthetic city in the database, the demo log-ins, a provisional next
calendar year and each domain's demo data, behind `minzheng demo` (docs/demo.md).

Nothing here runs unless one of the demo commands is called: installing the app only
makes the commands available. Production code never imports this package.
"""
