"""Enrolment: how a district and the central office come to hold each other's public keys.

The private keys never leave the node that made them:

1. The central office adds a district (``kansli central add-district``): it records the district's code and name,
   and writes an **enrolment file** holding its own public identity and that code and name.
2. The district takes the file (``kansli sync enrol``): it pins the central office's identity, makes its own keys,
   and writes an **enrolment reply** holding its public identity (its node id is its database's node id).
3. The central office imports the reply (``kansli central import``): it pins the district's identity under the
   code it added.

At steps 2 and 3 both fingerprints are printed; the two people read them to each other by phone. A file changed on
its way shows another fingerprint. Both files hold public keys only: losing one gives nothing away.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.errors import KansliError
from db.core.i18n import _
from db.sync.canonical import canonical_json, load_canonical_object
from db.sync.errors import InvalidIdentityError
from db.sync.keys import NodeIdentity, NodeKeys
from db.sync.models import NodeRole, SyncNode, SyncPeer

ENROLMENT_SUFFIX: Final = ".kansli-enrol"
_ENROLMENT_KIND: Final = "kansli-enrolment"
_REPLY_KIND: Final = "kansli-enrolment-reply"
_FORMAT: Final = 1
_MAX_FILE: Final = 64 * 1024
_MAX_CODE: Final = 40


class NotEnrolledError(KansliError):
    def __init__(self) -> None:
        super().__init__(
            _("This database is not enrolled for sync yet: enrol it with the file from the central office first.")
        )


class NotCentralError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This database is not a central office store; create one with kansli central init."))


class NotDistrictError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This is a central office store; districts are enrolled in their own databases."))


class AlreadyEnrolledError(KansliError):
    def __init__(self, central: str) -> None:
        super().__init__(_("This database is already enrolled with {central}.").format(central=central))


class AlreadyCentralError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This database is already set up for sync."))


class UnknownDistrictError(KansliError):
    def __init__(self, code: str) -> None:
        super().__init__(_("No district with the code {code} has been added.").format(code=code))
        self.code = code


class DistrictExistsError(KansliError):
    def __init__(self, code: str) -> None:
        super().__init__(_("A district with the code {code} has already been added.").format(code=code))


class InvalidEnrolmentError(KansliError):
    def __init__(self, detail: str) -> None:
        super().__init__(_("This file is not a Kansli enrolment file, or it is damaged."))
        self.detail = detail


class ReplyMismatchError(KansliError):
    def __init__(self, code: str) -> None:
        super().__init__(
            _(
                "The district {code} is already enrolled with other keys. If it was set up again, add it again "
                "under a new code."
            ).format(code=code)
        )


class WrongCentralError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This enrolment reply was made for another central office."))


class PeerNotReadyError(KansliError):
    def __init__(self, name: str) -> None:
        super().__init__(
            _("{name} has not sent its enrolment reply yet: import the reply before making packages for it.").format(
                name=name
            )
        )


@dataclass(frozen=True)
class Enrolment:
    """What an enrolment file says: the central office's identity, and the district's code and name."""

    central: NodeIdentity
    district_code: str
    district_name: str

    def encode(self) -> bytes:
        return canonical_json(
            {
                "kind": _ENROLMENT_KIND,
                "format": _FORMAT,
                "central": _identity_object(self.central),
                "district": {"code": self.district_code, "name": self.district_name},
            }
        )

    @classmethod
    def decode(cls, data: bytes) -> Enrolment:
        value = _load(data, _ENROLMENT_KIND, {"kind", "format", "central", "district"})
        district = value["district"]
        if not isinstance(district, dict) or set(district) != {"code", "name"}:
            raise InvalidEnrolmentError("district")
        code, name = district["code"], district["name"]
        if not isinstance(code, str) or not isinstance(name, str):
            raise InvalidEnrolmentError("district fields")
        _check_code(code)
        return cls(_identity(value["central"]), code, name)


@dataclass(frozen=True)
class EnrolmentReply:
    """A district's answer: its identity, the code it was enrolled under, and the central office it answers."""

    district: NodeIdentity
    district_code: str
    central_node: uuid.UUID

    def encode(self) -> bytes:
        return canonical_json(
            {
                "kind": _REPLY_KIND,
                "format": _FORMAT,
                "district": _identity_object(self.district),
                "code": self.district_code,
                "central": str(self.central_node),
            }
        )

    @classmethod
    def decode(cls, data: bytes) -> EnrolmentReply:
        value = _load(data, _REPLY_KIND, {"kind", "format", "district", "code", "central"})
        code, central = value["code"], value["central"]
        if not isinstance(code, str) or not isinstance(central, str):
            raise InvalidEnrolmentError("reply fields")
        _check_code(code)
        try:
            central_node = uuid.UUID(central)
        except ValueError:
            raise InvalidEnrolmentError("central node id") from None
        return cls(_identity(value["district"]), code, central_node)


def _check_code(code: str) -> None:
    if not code or len(code) > _MAX_CODE or not code.isprintable() or code != code.strip():
        raise InvalidEnrolmentError("district code")


def _identity_object(identity: NodeIdentity) -> dict[str, Any]:
    return load_canonical_object(identity.to_json())


def _identity(value: Any) -> NodeIdentity:
    if not isinstance(value, dict):
        raise InvalidEnrolmentError("identity")
    try:
        return NodeIdentity.from_json(canonical_json(value))
    except InvalidIdentityError as error:
        raise InvalidEnrolmentError(error.detail) from None


def _load(data: bytes, kind: str, keys: set[str]) -> dict[str, Any]:
    if len(data) > _MAX_FILE:
        raise InvalidEnrolmentError("too large")
    try:
        value = load_canonical_object(data)
    except ValueError as error:
        raise InvalidEnrolmentError(str(error)) from None
    if set(value) != keys or value.get("kind") != kind or value.get("format") != _FORMAT:
        raise InvalidEnrolmentError("not this kind of file")
    return value


def is_reply(data: bytes) -> bool:
    """Whether a file's bytes are an enrolment reply (rather than a package)."""
    return data[:1] == b"{" and b'"kind":"' + _REPLY_KIND.encode() + b'"' in data[:_MAX_FILE]


# --- this node ---------------------------------------------------------------------------------------------------


def own_node(session: Session) -> SyncNode | None:
    """This node's identity and keys, or None before it was set up for sync."""
    return session.execute(select(SyncNode)).scalar_one_or_none()


def own_keys(node: SyncNode) -> NodeKeys:
    """The private keys kept in this node's row."""
    return NodeKeys.from_secret_bytes(node.node_id, node.name, node.secret)


def peer_identity(peer: SyncPeer) -> NodeIdentity:
    """The pinned identity of an enrolled peer.

    Raises:
        PeerNotReadyError: when the peer's reply has not been imported yet.
    """
    if peer.node_id is None or peer.signing_key is None or peer.exchange_key is None:
        raise PeerNotReadyError(peer.name)
    return NodeIdentity(peer.node_id, peer.name, peer.signing_key, peer.exchange_key)


def enrolled_peers(session: Session) -> list[SyncPeer]:
    """Every peer, those waiting for a reply included, by name."""
    return list(session.execute(select(SyncPeer).order_by(SyncPeer.name, SyncPeer.id)).scalars())


def central_node_id(session: Session, node: SyncNode) -> str | None:
    """The central office's node id as text: this node's own, or its pinned central peer's."""
    if node.role is NodeRole.CENTRAL:
        return str(node.node_id)
    central = session.execute(select(SyncPeer).where(SyncPeer.role == NodeRole.CENTRAL)).scalar_one_or_none()
    return str(central.node_id) if central is not None and central.node_id is not None else None


def require_node(session: Session, role: NodeRole | None = None) -> SyncNode:
    """This node, checked to be set up (and of ``role`` when given)."""
    node = own_node(session)
    if node is None:
        raise NotCentralError if role is NodeRole.CENTRAL else NotEnrolledError
    if role is NodeRole.CENTRAL and node.role is not NodeRole.CENTRAL:
        raise NotCentralError
    if role is NodeRole.DISTRICT and node.role is not NodeRole.DISTRICT:
        raise NotDistrictError
    return node


def init_central(session: Session, node_id: uuid.UUID, name: str) -> NodeIdentity:
    """Make this database the central office's store: its keys, under the database's node id."""
    if own_node(session) is not None:
        raise AlreadyCentralError
    keys = NodeKeys.generate(node_id, name)
    session.add(
        SyncNode(node_id=node_id, name=name, role=NodeRole.CENTRAL, secret=keys.secret_bytes(), created_at=utcnow())
    )
    session.flush()
    return keys.identity


# --- the central office's side -----------------------------------------------------------------------------------


def add_district(session: Session, code: str, name: str) -> Enrolment:
    """Record a district to be enrolled, and return its enrolment file's contents."""
    node = require_node(session, NodeRole.CENTRAL)
    code, name = code.strip(), name.strip()
    _check_code(code)
    NodeIdentity(uuid.uuid4(), name, bytes(32), bytes(32))  # the name must be one a node may have
    if session.execute(select(SyncPeer).where(SyncPeer.district_code == code)).first() is not None:
        raise DistrictExistsError(code)
    session.add(SyncPeer(name=name, role=NodeRole.DISTRICT, district_code=code, added_at=utcnow()))
    session.flush()
    return Enrolment(own_keys(node).identity, code, name)


def district_peer(session: Session, code: str) -> SyncPeer:
    """The district added under ``code``."""
    peer = session.execute(select(SyncPeer).where(SyncPeer.district_code == code.strip())).scalar_one_or_none()
    if peer is None:
        raise UnknownDistrictError(code)
    return peer


def accept_reply(session: Session, reply: EnrolmentReply) -> tuple[NodeIdentity, bool]:
    """Pin a district's identity from its reply; return it and whether it was new (False: the same reply again)."""
    node = require_node(session, NodeRole.CENTRAL)
    if reply.central_node != node.node_id:
        raise WrongCentralError
    peer = district_peer(session, reply.district_code)
    identity = reply.district
    if peer.signing_key is not None:
        if (peer.node_id, peer.signing_key, peer.exchange_key) != (
            identity.node_id,
            identity.signing_key,
            identity.exchange_key,
        ):
            raise ReplyMismatchError(reply.district_code)
        return identity, False
    other = session.execute(select(SyncPeer).where(SyncPeer.node_id == identity.node_id)).scalar_one_or_none()
    if other is not None:
        raise ReplyMismatchError(reply.district_code)
    peer.node_id = identity.node_id
    peer.signing_key = identity.signing_key
    peer.exchange_key = identity.exchange_key
    peer.enrolled_at = utcnow()
    session.flush()
    return NodeIdentity(identity.node_id, peer.name, identity.signing_key, identity.exchange_key), True


# --- the district's side -----------------------------------------------------------------------------------------


def enrol_district(session: Session, node_id: uuid.UUID, enrolment: Enrolment) -> tuple[NodeIdentity, EnrolmentReply]:
    """Take an enrolment file: pin the central office, make this district's keys; return its identity and reply.

    Taking the same file again changes nothing and gives the same reply (the reply may have been lost).
    """
    node = own_node(session)
    central = enrolment.central
    if node is not None:
        if node.role is NodeRole.CENTRAL:
            raise NotDistrictError
        pinned = session.execute(select(SyncPeer).where(SyncPeer.role == NodeRole.CENTRAL)).scalar_one()
        if (pinned.node_id, pinned.signing_key, pinned.exchange_key) != (
            central.node_id,
            central.signing_key,
            central.exchange_key,
        ) or node.district_code != enrolment.district_code:
            raise AlreadyEnrolledError(pinned.name)
        identity = own_keys(node).identity
        return identity, EnrolmentReply(identity, enrolment.district_code, central.node_id)
    if central.node_id == node_id:
        raise InvalidEnrolmentError("the central office's own node")
    keys = NodeKeys.generate(node_id, enrolment.district_name)
    now = utcnow()
    session.add(
        SyncNode(
            node_id=node_id,
            name=enrolment.district_name,
            role=NodeRole.DISTRICT,
            district_code=enrolment.district_code,
            secret=keys.secret_bytes(),
            created_at=now,
        )
    )
    session.add(
        SyncPeer(
            node_id=central.node_id,
            name=central.name,
            role=NodeRole.CENTRAL,
            signing_key=central.signing_key,
            exchange_key=central.exchange_key,
            added_at=now,
            enrolled_at=now,
        )
    )
    session.flush()
    return keys.identity, EnrolmentReply(keys.identity, enrolment.district_code, central.node_id)
