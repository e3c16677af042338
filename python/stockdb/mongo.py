"""The MongoDB side: collections, TTL indexes and validators (`stockdb mongo setup`).

MongoDB keeps what the outbox delivers: audit_logs for 180 days after
createdAt and alerts for 90 days after resolvedAt by default, expired by TTL
indexes on those fields (an open alert has no resolvedAt, so it stays while
its condition holds). Setup is idempotent:
it creates what is missing, changes a TTL in place with collMod (no index
rebuild) and replaces a validator that differs, and reports each change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .errors import StockdbError

AUDIT_TTL_DAYS = 180
ALERT_TTL_DAYS = 90
DEFAULT_DATABASE = "stockdb"

ALERT_TYPES = ["low_stock", "out_of_stock", "batch_expiring", "shipment_delayed", "integrity"]

AUDIT_VALIDATOR = {
    "$jsonSchema": {
        "bsonType": "object",
        "required": ["_id", "tenantId", "entityType", "entityId", "action", "createdAt"],
        "properties": {
            "_id": {"bsonType": "string"},
            "tenantId": {"bsonType": "string"},
            "entityType": {"bsonType": "string", "pattern": "^[a-z_]+\\.[a-z_]+$"},
            "entityId": {"bsonType": "string"},
            "action": {"enum": ["insert", "update", "delete"]},
            "actorId": {"bsonType": ["string", "null"]},
            "transactionId": {"bsonType": "string"},
            "old": {"bsonType": "object"},
            "new": {"bsonType": "object"},
            "createdAt": {"bsonType": "date"},
            # The outbox position: the order of one entity's changes.
            "seq": {"bsonType": ["int", "long"]},
        },
    }
}

ALERT_VALIDATOR = {
    "$jsonSchema": {
        "bsonType": "object",
        "required": ["_id", "tenantId", "type", "status", "subject", "createdAt"],
        "properties": {
            "_id": {"bsonType": "string"},
            "tenantId": {"bsonType": "string"},
            "type": {"enum": ALERT_TYPES},
            "status": {"enum": ["open", "resolved"]},
            "subject": {"bsonType": "string"},
            "productId": {"bsonType": ["string", "null"]},
            "details": {"bsonType": "object"},
            "createdAt": {"bsonType": "date"},
            "resolvedAt": {"bsonType": "date"},
            # The outbox position: the order of a condition's raises and clears.
            "seq": {"bsonType": ["int", "long"]},
        },
    }
}


@dataclass
class CollectionSpec:
    name: str
    ttl_days: int
    validator: dict
    # name -> key pattern, besides the TTL index
    indexes: dict[str, dict] = field(default_factory=dict)
    # The date the TTL counts from; a document without it never expires.
    ttl_field: str = "createdAt"
    # Documents that should carry ttl_field and may lack it (delivered before
    # the relay set it) get createdAt's value at setup.
    ttl_backfill: dict | None = None

    @property
    def ttl_seconds(self) -> int:
        return self.ttl_days * 86400

    @property
    def ttl_key(self) -> dict:
        return {self.ttl_field: 1}


def collection_specs(
    audit_ttl_days: int = AUDIT_TTL_DAYS, alert_ttl_days: int = ALERT_TTL_DAYS
) -> list[CollectionSpec]:
    for label, days in (("audit", audit_ttl_days), ("alert", alert_ttl_days)):
        if not 1 <= days <= 36500:
            raise StockdbError(f"--{label}-ttl-days must be between 1 and 36500, not {days}")
    return [
        CollectionSpec(
            "audit_logs",
            audit_ttl_days,
            AUDIT_VALIDATOR,
            {
                "entityType_entityId_createdAt": {"entityType": 1, "entityId": 1, "createdAt": 1},
                "actorId_createdAt": {"actorId": 1, "createdAt": 1},
                "tenantId_createdAt": {"tenantId": 1, "createdAt": 1},
            },
        ),
        CollectionSpec(
            "alerts",
            alert_ttl_days,
            ALERT_VALIDATOR,
            {
                "tenantId_status_createdAt": {"tenantId": 1, "status": 1, "createdAt": 1},
                "productId_type": {"productId": 1, "type": 1},
                "tenantId_type_subject_seq": {"tenantId": 1, "type": 1, "subject": 1, "seq": 1},
            },
            # From createdAt, an alert open for longer than the TTL vanished
            # while its condition still held.
            ttl_field="resolvedAt",
            ttl_backfill={"status": "resolved"},
        ),
    ]


def mongodb_url(url: str | None = None) -> str:
    url = url or os.environ.get("MONGODB_URL")
    if not url:
        raise StockdbError(
            "MONGODB_URL is not set: point it at MongoDB, for example "
            "MONGODB_URL=mongodb://127.0.0.1:27018/stockdb after `docker compose up -d`"
        )
    return url


def connect(url: str | None = None, timeout_ms: int = 5000,
            socket_timeout_ms: int | None = None):
    """The database named in the URL (default `stockdb`) of a real MongoDB; with
    socket_timeout_ms, no read waits longer (none does by default: `mongo setup`
    builds indexes, which take as long as the collection is large)."""
    import pymongo
    from pymongo.errors import ConfigurationError, InvalidURI

    try:
        client = pymongo.MongoClient(
            mongodb_url(url),
            serverSelectionTimeoutMS=timeout_ms,
            connectTimeoutMS=timeout_ms,
            socketTimeoutMS=socket_timeout_ms,
            tz_aware=True,
            appname="stockdb",
        )
    except (ConfigurationError, InvalidURI, ValueError) as exc:
        raise StockdbError(f"MONGODB_URL is not usable: {exc}") from None
    return client.get_default_database(default=DEFAULT_DATABASE)


def short_error(exc: BaseException) -> str:
    """A pymongo error on one line: server selection errors carry a whole topology."""
    text = str(exc).split(", Timeout:")[0].split(" (configured timeouts")[0]
    text = text.split("\n")[0].strip()
    return f"{type(exc).__name__}: {text}"[:300]


def _ttl_index(collection, spec: CollectionSpec) -> tuple[str, dict] | None:
    for name, info in collection.index_information().items():
        if dict(info["key"]) == spec.ttl_key:
            return name, info
    return None


def _stale_ttl_indexes(collection, spec: CollectionSpec) -> list[str]:
    """The TTL index on createdAt that setups before 2026-12-05 made for alerts,
    where the spec now counts from another field. A TTL index someone made on
    another field is theirs, and stays."""
    if spec.ttl_field == "createdAt":
        return []
    return sorted(
        name for name, info in collection.index_information().items()
        if "expireAfterSeconds" in info and dict(info["key"]) == {"createdAt": 1}
    )


def setup(database, specs: list[CollectionSpec]) -> list[str]:
    """Bring the collections to `specs`; return what changed, one line each."""
    from pymongo.errors import PyMongoError

    changes: list[str] = []
    try:
        existing = set(database.list_collection_names())
        for spec in specs:
            changes += _setup_collection(database, spec, spec.name in existing)
    except PyMongoError as exc:
        raise StockdbError(f"MongoDB setup failed: {short_error(exc)}") from None
    return changes


def _setup_collection(database, spec: CollectionSpec, exists: bool) -> list[str]:
    # Before the validator is replaced: mongomock-ng, which the tests use
    # without a server, cannot validate the update.
    changes = _move_ttl(database[spec.name], spec) if exists else []
    validation = {"validationLevel": "strict", "validationAction": "error"}
    if not exists:
        database.create_collection(spec.name, validator=spec.validator, **validation)
        changes.append(f"{spec.name}: created with its validator")
    else:
        current = database[spec.name].options().get("validator")
        if current != spec.validator:
            database.command({"collMod": spec.name, "validator": spec.validator, **validation})
            changes.append(f"{spec.name}: validator updated")

    collection = database[spec.name]
    ttl = _ttl_index(collection, spec)
    if ttl is None:
        collection.create_index(
            list(spec.ttl_key.items()), name=f"{spec.ttl_field}_ttl",
            expireAfterSeconds=spec.ttl_seconds,
        )
        changes.append(f"{spec.name}: TTL index on {spec.ttl_field}, {spec.ttl_days} days")
    elif ttl[1].get("expireAfterSeconds") != spec.ttl_seconds:
        before = ttl[1].get("expireAfterSeconds")
        database.command(
            {
                "collMod": spec.name,
                "index": {"keyPattern": spec.ttl_key, "expireAfterSeconds": spec.ttl_seconds},
            }
        )
        was = "none" if before is None else f"{before // 86400} days"
        changes.append(f"{spec.name}: TTL changed in place from {was} to {spec.ttl_days} days")

    for name in _missing_indexes(collection, spec):
        collection.create_index(list(spec.indexes[name].items()), name=name)
        changes.append(f"{spec.name}: index {name}")
    return changes


def _move_ttl(collection, spec: CollectionSpec) -> list[str]:
    """A TTL index on another field is dropped, and documents that should
    carry the TTL's field and lack it are given createdAt's value."""
    changes = []
    for name in _stale_ttl_indexes(collection, spec):
        collection.drop_index(name)
        changes.append(f"{spec.name}: TTL index {name} dropped (the TTL counts from "
                       f"{spec.ttl_field} now)")
    if spec.ttl_backfill is not None:
        given = collection.update_many(
            {**spec.ttl_backfill, spec.ttl_field: {"$exists": False}},
            [{"$set": {spec.ttl_field: "$createdAt"}}],
        ).modified_count
        if given:
            changes.append(f"{spec.name}: {given} document(s) given {spec.ttl_field} from "
                           "createdAt, for the TTL")
    return changes


def _missing_indexes(collection, spec: CollectionSpec) -> list[str]:
    """The spec's indexes whose keys the collection has no index on."""
    have = {tuple(info["key"]) for info in collection.index_information().values()}
    return [name for name, keys in spec.indexes.items() if tuple(keys.items()) not in have]


def describe(database, specs: list[CollectionSpec]) -> list[dict]:
    """What the collections hold now: TTL, indexes, whether the validator matches."""
    rows = []
    existing = set(database.list_collection_names())
    for spec in specs:
        if spec.name not in existing:
            rows.append({"collection": spec.name, "exists": False})
            continue
        collection = database[spec.name]
        ttl = _ttl_index(collection, spec)
        rows.append(
            {
                "collection": spec.name,
                "exists": True,
                "ttl_field": spec.ttl_field,
                "ttl_seconds": ttl[1].get("expireAfterSeconds") if ttl else None,
                "stale_ttl_indexes": _stale_ttl_indexes(collection, spec),
                "indexes": sorted(collection.index_information()),
                "validator_current": collection.options().get("validator") == spec.validator,
                "missing_indexes": _missing_indexes(collection, spec),
                "documents": collection.estimated_document_count(),
            }
        )
    return rows
