"""`casefile user ...`: accounts, roles, clearances, passwords, API tokens and
two-factor sign-in."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from casefile.commands.common import ByOption, actor, open_db, read_secret

user_app = typer.Typer(no_args_is_help=True, help="Accounts: who may read, edit and administer.")

Name = Annotated[str, typer.Argument(help="The user name.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input's"
                       " first line instead of asking.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


@user_app.command("add")
def add(
    ctx: typer.Context,
    name: Name,
    role: Annotated[str, typer.Option(help="admin, editor or viewer.")] = "viewer",
    clearance: Annotated[
        str | None,
        typer.Option(help="public, internal or confidential [default: public; confidential"
                     " for the first admin]."),
    ] = None,
    password_stdin: PasswordStdin = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="A token-only account, for scripts.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Create an account; asks for its password (never give it on the command line)."""
    from casefile.services.accounts import add_user

    who = actor(by)
    with open_db(ctx) as store:
        password = None if no_password else read_secret(
            "password", confirm=True, from_stdin=password_stdin)
        user = add_user(store, name, role, who, password, clearance)
        typer.echo(f"added {_line(user)}")
        if clearance is None and user.clearance == "confidential":
            typer.echo(f"{user.name} is the first admin, so has confidential clearance: they see"
                       " every record, and documents are confidential until someone lowers"
                       " their level. Give others a clearance with 'casefile user set NAME"
                       " --clearance LEVEL'.")


@user_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Every account: role, clearance, state, tokens."""
    from casefile.services.accounts import list_users

    with open_db(ctx) as store:
        users = list_users(store)
        for user in users:
            typer.echo(_line(user))
        if not users:
            typer.echo("no users yet: add an admin with 'casefile user add NAME --role admin'")


@user_app.command("disable")
def disable(ctx: typer.Context, name: Name, by: ByOption = None) -> None:
    """Stop an account signing in: its sessions end and its API tokens are revoked for
    good; nothing else is deleted."""
    from casefile.services.accounts import disable_user, get_user

    with open_db(ctx) as store:
        tokens = get_user(store, name).tokens
        typer.echo(f"disabled {_line(disable_user(store, name, actor(by)))}")
        typer.echo(f"signed out everywhere; {_revoked(tokens)}", err=True)


@user_app.command("enable")
def enable(ctx: typer.Context, name: Name, by: ByOption = None) -> None:
    """Let a disabled account sign in again (with its password; tokens revoked when it
    was disabled stay revoked)."""
    from casefile.services.accounts import enable_user

    with open_db(ctx) as store:
        typer.echo(f"enabled {_line(enable_user(store, name, actor(by)))}")


@user_app.command("passwd")
def passwd(
    ctx: typer.Context, name: Name, password_stdin: PasswordStdin = False, by: ByOption = None
) -> None:
    """Set a new password for an account: every session of theirs ends and every API
    token of theirs is revoked (whoever knew the old password may have made one)."""
    from casefile.services.accounts import get_user, set_password

    who = actor(by)
    with open_db(ctx) as store:
        # An unknown name fails before the password is asked.
        tokens = get_user(store, name).tokens
        password = read_secret("password", confirm=True, from_stdin=password_stdin)
        set_password(store, name, password, who)
        typer.echo(f"password changed for {name}; signed out everywhere; {_revoked(tokens)}")


@user_app.command("set")
def set_(
    ctx: typer.Context,
    name: Name,
    role: Annotated[str | None, typer.Option(help="admin, editor or viewer.")] = None,
    clearance: Annotated[str | None, typer.Option(help="public, internal or confidential.")] = None,
    by: ByOption = None,
) -> None:
    """Change an account's role or clearance."""
    from casefile.services.accounts import set_access

    with open_db(ctx) as store:
        typer.echo(f"changed {_line(set_access(store, name, actor(by), role, clearance))}")


@user_app.command("token")
def token(ctx: typer.Context, name: Name, by: ByOption = None) -> None:
    """Make an API token for scripts; it is printed once and only its hash is kept."""
    from casefile.services.accounts import new_token

    with open_db(ctx) as store:
        made = new_token(store, name, actor(by))
        typer.echo(made.token)
        typer.echo(f"API token for {made.user.name} ({made.user.role}); it is shown only now",
                   err=True)


@user_app.command("tokens")
def tokens(ctx: typer.Context, name: Name) -> None:
    """The account's API tokens: id, made, last used (to the hour), revoked."""
    from casefile.services.accounts import list_tokens

    with open_db(ctx) as store:
        found = list_tokens(store, name)
        for made in found:
            state = f"revoked {made.revoked_at}" if made.revoked_at else "live"
            typer.echo(f"{made.id}\tmade {made.created_at}\t"
                       f"last used {made.last_used_at or 'never'}\t{state}")  # fmt: skip
        if not found:
            typer.echo(f"{name} has no API tokens")


@user_app.command("revoke-token")
def revoke_token(
    ctx: typer.Context,
    name: Name,
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The id 'casefile user tokens'"
                                            " lists.")],
    by: ByOption = None,
) -> None:
    """Revoke one API token of the account; its others keep working."""
    from casefile.services.accounts import revoke_token as revoke

    with open_db(ctx) as store:
        revoked = revoke(store, name, token_id, actor(by))
        typer.echo(f"revoked API token {revoked.id} of {name} (made {revoked.created_at})")


@user_app.command("totp")
def totp(
    ctx: typer.Context,
    name: Name,
    remove: Annotated[bool, typer.Option(
        "--remove", help="Turn two-factor sign-in off (a lost phone): the password alone again."
    )] = False,
    by: ByOption = None,
) -> None:
    """Turn on two-factor sign-in with a new secret (replacing any earlier one), shown
    once: give it to the user for their authenticator app. Users can also enrol
    themselves at /account/2fa. API tokens are not asked for codes."""
    from casefile.services import twofactor

    with open_db(ctx) as store:
        if remove:
            user = twofactor.remove(store, name, actor(by))
            typer.echo(f"two-factor sign-in removed for {user.name}")
            return
        made = twofactor.enrol(store, name, actor(by))
        typer.echo(made.secret)
        typer.echo(made.uri)
        typer.echo(f"two-factor sign-in on for {name}: the key (and the otpauth link) for their"
                   " authenticator app is shown only now", err=True)  # fmt: skip


@user_app.command("require-2fa")
def require_2fa(
    ctx: typer.Context,
    role: Annotated[str, typer.Option(help="admin, editor or viewer.")],
    off: Annotated[bool, typer.Option("--off", help="No longer require it.")] = False,
    by: ByOption = None,
) -> None:
    """Require two-factor sign-in of every user of a role: one who has not enrolled can,
    after the password, do nothing but enrol."""
    from casefile.services import twofactor

    with open_db(ctx) as store:
        twofactor.require(store, role, not off, actor(by))
        roles = twofactor.required_roles(store)
        typer.echo(f"two-factor sign-in required of: {', '.join(roles) or 'no role'}")


@user_app.command("views")
def views(
    ctx: typer.Context,
    record: Annotated[str | None, typer.Option(
        "--record", help="Only views of person:ID or document:SHA256.")] = None,
    limit: Annotated[int, typer.Option(help="The latest this many.")] = 100,
) -> None:
    """Who was shown a protected person's case or a confidential document (from the
    audit log): when, who, what, how, with what clearance."""
    from casefile.services.views import view_log

    with open_db(ctx) as store:
        found = view_log(store, record, limit)
        for seen in found:
            typer.echo(f"{seen.at}\t{seen.actor}\t{seen.kind}:{seen.record}\t{seen.via}\t"
                       f"{seen.clearance}")  # fmt: skip
        if not found:
            typer.echo("no views recorded")


def _revoked(count: int) -> str:
    return f"{count} API token{'s' if count != 1 else ''} revoked"


def _line(user: Any) -> str:
    state = "active" if user.active else f"disabled since {user.disabled_at}"
    login = "password" if user.has_password else "no password"
    second = "2fa" if user.totp else "no 2fa (required)" if user.role_requires_2fa else "no 2fa"
    return (f"{user.name}\t{user.role}\t{user.clearance}\t{state}\t{login}\t"
            f"{user.tokens} token{'s' if user.tokens != 1 else ''}\t{second}")
