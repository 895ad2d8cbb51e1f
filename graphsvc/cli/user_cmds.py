"""``intrograph users {add|list|token|disable|enable}``: accounts from the command line."""
from __future__ import annotations

import getpass
import sys

from graphsvc.accounts import ROLES, add_user, create_token, disable_user, enable_user, list_users
from graphsvc.cli import CliError, emit, store_from_args
from graphsvc.cli.goal_cmds import cli_actor


def register(sub, common) -> None:
    users = sub.add_parser("users", help="accounts: add, list, API tokens, disable")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    p = users_sub.add_parser("add", parents=[common], help="add an account (password from a prompt or stdin)",
                             description="Add an account. The password is asked for on a terminal; "
                                         "otherwise the first line of standard input is the password.")
    p.add_argument("email", metavar="EMAIL")
    p.add_argument("--role", dest="roles", action="append", required=True, choices=ROLES,
                   help="a role of the account (repeatable)")
    p.set_defaults(handler=cmd_add)

    p = users_sub.add_parser("list", parents=[common], help="list accounts")
    p.set_defaults(handler=cmd_list)

    p = users_sub.add_parser("token", parents=[common],
                             help="make a new API token for an account (replaces the old one; shown once)")
    p.add_argument("email", metavar="EMAIL")
    p.set_defaults(handler=cmd_token)

    for name, handler, text in (("disable", cmd_disable, "stop an account from logging in"),
                                ("enable", cmd_enable, "let a disabled account log in again")):
        p = users_sub.add_parser(name, parents=[common], help=text)
        p.add_argument("email", metavar="EMAIL")
        p.set_defaults(handler=handler)


def read_password(stdin=None) -> str:
    """On a terminal, ask twice without echo; otherwise the first line of stdin (for scripts)."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise CliError("the two passwords differ; nothing was changed")
        return first
    line = stdin.readline()
    if not line:
        raise CliError("no password: type one at the prompt, or give it as the first line of standard input")
    return line.rstrip("\r\n")


def user_line(user: dict) -> str:
    person = user["person_id"] or "no person"
    state = "  DISABLED" if user["disabled"] else ""
    token = "  has API token" if user.get("token_created") else ""
    return f"{user['email']:<32} {','.join(user['roles']):<20} {person}{token}{state}"


def cmd_add(args) -> int:
    password = read_password()
    with store_from_args(args) as store:
        user = add_user(store, args.email, password, args.roles, actor=cli_actor())
    emit(args, user, lambda u: f"added {user_line(u)}")
    return 0


def cmd_list(args) -> int:
    with store_from_args(args) as store:
        users = list_users(store)
    emit(args, users, lambda us: "\n".join(map(user_line, us)) if us else "No accounts yet: `intrograph users add`.")
    return 0


def cmd_token(args) -> int:
    with store_from_args(args) as store:
        token = create_token(store, args.email, actor=cli_actor())
    if not args.json:
        print("This token is shown once; the store keeps only its hash. Send it as "
              "'Authorization: Bearer TOKEN'.", file=sys.stderr)
    emit(args, {"email": args.email.strip().lower(), "token": token}, lambda d: d["token"])
    return 0


def cmd_disable(args) -> int:
    with store_from_args(args) as store:
        user = disable_user(store, args.email, actor=cli_actor())
    emit(args, user, user_line)
    return 0


def cmd_enable(args) -> int:
    with store_from_args(args) as store:
        user = enable_user(store, args.email, actor=cli_actor())
    emit(args, user, user_line)
    return 0
