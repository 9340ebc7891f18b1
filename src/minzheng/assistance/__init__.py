"""Social assistance (社会救助): dibao, extreme-poverty support, child support, temporary aid.

`minzheng.assistance.policy` is the pure policy engine (no Django); the Django
app around it (models, workflow, views) lives beside it.
"""
