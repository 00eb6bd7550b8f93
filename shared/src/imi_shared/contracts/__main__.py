"""`python -m imi_shared.contracts [--check] <service>...`: (re)write or check contracts."""

from __future__ import annotations

import argparse
import sys

from .files import contract_dir, drift, drift_message, load_contract, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m imi_shared.contracts")
    parser.add_argument("services", nargs="+", help="service names, e.g. directory alerts")
    parser.add_argument("--check", action="store_true", help="only report drift, exit 1 if any")
    args = parser.parse_args(argv)
    failed = False
    for service in args.services:
        contract, directory = load_contract(service), contract_dir(service)
        if args.check:
            problems = drift(contract, directory)
            if problems:
                print(drift_message(service, problems), file=sys.stderr)
                failed = True
            continue
        for path in write(contract, directory):
            print(f"wrote {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
