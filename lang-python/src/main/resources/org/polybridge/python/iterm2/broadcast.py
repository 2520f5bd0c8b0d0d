"""Broadcast domains, as ``iterm2.broadcast``: text typed into one session of a domain goes to
every session of it (in polybridge: what scripts send with ``async_send_text``)."""


class BroadcastDomain:
    """Sessions that hear each other's input."""

    def __init__(self):
        self._sessions = []
        self._unresolved = []

    def add_session(self, session):
        self._sessions.append(session)

    def add_unresolved(self, unresolved):
        """A session id the app does not know (yet)."""
        self._unresolved.append(unresolved)

    @property
    def sessions(self):
        return list(self._sessions)

    def __repr__(self):
        return "<BroadcastDomain %r>" % (self._sessions,)


async def async_set_broadcast_domains(connection, broadcast_domains):
    """Replaces every broadcast domain of the app."""
    import iterm2
    response = await iterm2._request({"set_broadcast_domains_request": {"broadcast_domains": [
        {"session_ids": [s.session_id for s in d.sessions]} for d in broadcast_domains]}})
    status = iterm2._status(response, "set_broadcast_domains_response")
    if status != "OK":
        raise iterm2.RPCException(status)
