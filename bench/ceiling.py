"""The ceiling: a bare Flask app answering a constant JSON list envelope, under wpcompat's own gunicorn settings.

``python bench/ceiling.py --port P --workers W --threads T``. Whatever wpcompat does per request costs
something on top of this; bench/run.py reports each figure as a ratio to it.
"""
from __future__ import annotations

import argparse

from flask import Flask

from wpcompat.server import serve

# About the size of a Booknetic list page envelope, built once.
ENVELOPE = {"data": [{"id": str(n), "status": "approved", "starts_at": "1894006800", "customer_first_name": "Sam",
                      "staff_name": "Anna de Vries", "service_name": "Swedish massage", "total_price": "50.00"}
                     for n in range(20)],
            "meta": {"total": "4000", "limit": 20, "skip": 0}}


def create_app() -> Flask:
    app = Flask(__name__)
    app.json.sort_keys = False

    @app.get("/")
    def envelope():
        return ENVELOPE

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    options = serve.gunicorn_options("127.0.0.1", args.port, args.workers, args.threads)
    options["proc_name"] = "wpcompat-bench-ceiling"
    serve.run(create_app(), options)


if __name__ == "__main__":
    main()
