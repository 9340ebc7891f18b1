"""An app whose `demo.py` forgot its `seed_demo`."""
