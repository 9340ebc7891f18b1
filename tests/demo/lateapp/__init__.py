"""A stand-in for a domain added later (as `payments` will be): it ships demo data in
`demo.py` and is never named in the demo app's code."""
