"""Elderly services (issue 14, D7): the facility network, the 15-minute circle measured
and mapped, community canteens with real-name meal records and monthly settlements."""
