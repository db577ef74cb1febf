"""The fuzzer shared by ``tests/test_fuzz.py`` (hypothesis, in process) and ``bench/fuzz.py`` (N requests to a
real server): targets enumerated from the app's registries, hostile requests built from them, and the
properties every answer must have.

* :mod:`.draws`: one small "choose" interface over hypothesis's ``data.draw`` and ``random.Random``, so the
  generators are the same code in both (and hypothesis still shrinks what they drew);
* :mod:`.values`: hostile scalars, JSON values, dates, ids and strings;
* :mod:`.targets`: every REST route and method (with the arg names of its schemas), every TeamBooking
  operation, every admin-ajax action, read from a built app;
* :mod:`.requests` (REST), :mod:`.teambooking`, :mod:`.sites` (admin-ajax actions, tenant slugs, Host): one
  :class:`~.requests.FuzzRequest` per draw, for a target;
* :mod:`.transport`: sending one (test client or HTTP);
* :mod:`.checks`: status < 500, the URL family's format, no injected header, and the table checksum.
"""
