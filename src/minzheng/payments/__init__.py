"""Payments (资金发放): monthly payroll cycles, payee accounts, bank files, the payment
ledger and recovery orders (D13)."""
