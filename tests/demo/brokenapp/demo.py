"""No seed_demo here: the demo must say so instead of skipping the app."""

DEMO_AFTER = ("assistance",)
