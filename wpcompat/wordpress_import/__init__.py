"""``wpcompat import wordpress``: a live WordPress database (WordPress core, Booknetic, Booknetic SaaS,
TeamBooking) read into wpcompat's own rows, keeping every id and credential.

Reading and writing are apart: the readers (:mod:`.core`, :mod:`.booknetic`, :mod:`.teambooking`) turn
the WordPress tables into an :class:`~.plan.ImportPlan` and never write; the writer applies a plan to
wpcompat's database in one transaction. A dry run is a plan and its findings, not applied.
"""
