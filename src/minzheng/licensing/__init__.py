"""Administrative licensing (行政许可, D15): licensing items declared by apps, applications
through intake, correction notice, acceptance, two clocks in working days, decision and
delivery (docs/licensing.md)."""
