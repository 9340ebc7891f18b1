"""What the engine tells the apps that own items (D15): `licence_decided` is sent when
an application is granted or refused, inside the decision's transaction — a receiver
that raises (a ValidationError in Chinese) undoes the decision. The app that declared
the item acts on its own records (organisations: a granted establishment registers the
organisation, D10.6); licensing imports no app."""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: application (LicenceApplication, decided), actor (User), today (date)
licence_decided = Signal()
