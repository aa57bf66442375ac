"""aiosmtpd handler for Watcher's tests: a Maildir that also refuses some recipients, checks logins
and records how each message came in.

Run as: python3 -m aiosmtpd -n -l HOST:PORT -c watcher_test_smtp.TestMailbox MAILDIR [key=value ...]
  login=USER:PASSWORD        accept AUTH PLAIN for this account (offered only over TLS, as aiosmtpd does)
  oauth-user=USER            with oauth-token=TOKEN (repeatable): accept these bearer tokens
  oauth-mechanism=NAME       XOAUTH2 (default) or OAUTHBEARER
  delay-ehlo=SECONDS         wait before answering EHLO (the client is still connecting)
  delay-rcpt=SECONDS         wait before answering each RCPT TO (the dialogue)
  delay-data=SECONDS         store the message, then wait before answering the end of its data
  delay-once=1               each delay applies to the first time only
  refuse-data=1              answer the end of the data with 554, storing nothing
Every recipient containing "reject" is refused with 550. Each stored message gets X-Test-Tls (yes/no)
and X-Test-Auth (the mechanism and account that authenticated, or "none"). When a delay starts, a line
is appended to the file "stalled-<point>" next to the maildir, so a test knows where the server is.
"""
import asyncio
import base64
import os

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import MISSING, AuthResult


class TestMailbox(Mailbox):
    def __init__(self, mail_dir, options):
        super().__init__(mail_dir)
        self.login = options.get("login", [None])[-1]
        self.oauth_user = options.get("oauth-user", [None])[-1]
        self.oauth_tokens = set(options.get("oauth-token", []))
        if self.login:
            self.auth_PLAIN = self._plain
        if self.oauth_user:
            mechanism = options.get("oauth-mechanism", ["XOAUTH2"])[-1]
            setattr(self, "auth_" + mechanism, self._xoauth2 if mechanism == "XOAUTH2" else self._oauthbearer)
        self.delays = {key[len("delay-"):]: float(values[-1]) for key, values in options.items()
                       if key.startswith("delay-") and key != "delay-once"}
        self.delay_once = options.get("delay-once", ["0"])[-1] == "1"
        self.delayed = set()
        self.refuse_data = options.get("refuse-data", ["0"])[-1] == "1"
        self.marker_dir = os.path.dirname(os.path.abspath(mail_dir))
        if "ehlo" in self.delays:
            # Only then: with this hook aiosmtpd leaves the EHLO reply (and host_name) to the handler.
            self.handle_EHLO = self._delayed_ehlo

    @classmethod
    def from_cli(cls, parser, *args):
        if not args:
            parser.error("The directory for the maildir is required")
        options = {}
        for arg in args[1:]:
            key, _, value = arg.partition("=")
            options.setdefault(key, []).append(value)
        return cls(args[0], options)

    async def _pause(self, point):
        seconds = self.delays.get(point)
        if not seconds or (self.delay_once and point in self.delayed):
            return
        self.delayed.add(point)
        with open(os.path.join(self.marker_dir, "stalled-" + point), "a") as marker:
            marker.write("stalled\n")
        await asyncio.sleep(seconds)

    async def _delayed_ehlo(self, server, session, envelope, hostname, responses):
        await self._pause("ehlo")
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await self._pause("rcpt")
        if "reject" in address.lower():
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return "554 5.6.0 message refused by the test server"
        message = self.prepare_message(session, envelope)
        message["X-Test-Tls"] = "yes" if server.transport.get_extra_info("ssl_object") else "no"
        message["X-Test-Auth"] = session.auth_data if session.authenticated else "none"
        self.handle_message(message)
        # Stored before the pause: a client cut off now has delivered without knowing it.
        await self._pause("data")
        return "250 OK"

    @staticmethod
    async def _response(server, args):
        if len(args) > 1:
            try:
                return base64.b64decode(args[1], validate=True)
            except ValueError:
                return MISSING
        return await server.challenge_auth("")

    async def _plain(self, server, args):
        blob = await self._response(server, args)
        if blob is MISSING:
            return AuthResult(success=False, handled=False)
        parts = blob.split(b"\0")
        if len(parts) == 3 and parts[1].decode() + ":" + parts[2].decode() == self.login:
            return AuthResult(success=True, auth_data="PLAIN " + parts[1].decode())
        return AuthResult(success=False, handled=False)

    async def _xoauth2(self, server, args):
        blob = await self._response(server, args)
        if blob is MISSING:
            return AuthResult(success=False, handled=False)
        fields = dict(f.split("=", 1) for f in blob.decode().split("\x01") if "=" in f)
        return self._bearer("XOAUTH2", fields.get("user"), fields.get("auth", ""))

    async def _oauthbearer(self, server, args):
        blob = await self._response(server, args)
        if blob is MISSING:
            return AuthResult(success=False, handled=False)
        gs2, *rest = blob.decode().split("\x01")
        user = next((p[2:] for p in gs2.split(",") if p.startswith("a=")), None)
        fields = dict(f.split("=", 1) for f in rest if "=" in f)
        return self._bearer("OAUTHBEARER", user, fields.get("auth", ""))

    def _bearer(self, mechanism, user, auth):
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        if user == self.oauth_user and token in self.oauth_tokens:
            return AuthResult(success=True, auth_data=f"{mechanism} {user} {token}")
        return AuthResult(success=False, handled=False)
