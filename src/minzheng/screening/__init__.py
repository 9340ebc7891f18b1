"""Screening campaigns (排查) and tracked help for key households (重点户跟踪帮扶), D5.3."""
