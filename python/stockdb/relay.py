"""`stockdb relay`: move audit.outbox rows to MongoDB, each exactly once.

One batch is one PostgreSQL transaction: audit.claim_outbox locks the oldest
undelivered rows (SKIP LOCKED, so relays run side by side), the documents
are upserted by their outbox id, and only after MongoDB acknowledged them
does audit.mark_delivered mark them and the transaction commit. A relay
killed in between leaves the rows undelivered; the next one upserts the
same _ids again, so MongoDB never holds a duplicate. When MongoDB fails,
audit.mark_failed records the error on the rows, which keep waiting. When
MongoDB refuses a document for what it is (a validator it fails, a field it
cannot store), the batch is sent again one row at a time: the rows MongoDB
takes are delivered, and the one it refuses on its own is parked
(audit.park_outbox), kept with its error until `stockdb relay retry-parked`,
so it no longer holds up every row behind it.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from .errors import StockdbError
from .files import write_atomically
from .mongo import short_error

DEFAULT_BATCH = 500
MAX_BACKOFF_SECONDS = 60.0
# A batch's PostgreSQL transaction stays open, its outbox rows locked, until
# MongoDB answers, and while it is open vacuum removes no row any later
# transaction deleted or updated, in any table of the database. A majority
# MongoDB cannot reach (a primary-secondary-arbiter set with its secondary
# down) holds a w=majority write with no wtimeout for good, and a connection
# whose peer went silent waits on its socket for good: so the write gives up
# after WRITE_TIMEOUT_MS (the rows wait, and are sent again: each document
# goes by its outbox id, so the retry overwrites), and the relay's
# connection reads for at most SOCKET_TIMEOUT_MS, later than that.
WRITE_TIMEOUT_MS = 30_000
SOCKET_TIMEOUT_MS = 60_000


class DeliveryFailed(StockdbError):
    """MongoDB did not take a batch; its rows wait in the outbox."""


@dataclass
class BatchResult:
    delivered: int = 0
    parked: int = 0
    by_collection: dict[str, int] = field(default_factory=dict)


def _refused_document(exc: BaseException) -> bool:
    """Whether MongoDB (or pymongo, before sending) refused a document for what it is,
    so that sending it again can only fail again. Network and write-concern
    failures, and a duplicate key (two relays upserting one _id at once), pass."""
    from bson.errors import InvalidDocument
    from pymongo.errors import BulkWriteError

    if isinstance(exc, InvalidDocument):  # DocumentTooLarge is one too
        return True
    if isinstance(exc, BulkWriteError):
        details = exc.details or {}
        errors = details.get("writeErrors") or []
        return bool(errors) and not details.get("writeConcernErrors") and all(
            e.get("code") != 11000 for e in errors
        )
    return False


def _condition(tenant_id, document: dict) -> dict:
    """What an alert is about: its documents of one condition share these."""
    return {"tenantId": str(tenant_id), "type": document["type"], "subject": document["subject"]}


def _operations(rows: list[tuple]) -> dict[str, list]:
    """Per collection, in delivery order: an upsert by _id for each row, and
    for a resolved alert, the open alerts of its condition raised before it
    marked resolved.

    Every document carries its outbox position as seq, and "before" is by
    seq, not createdAt: createdAt is the start of the writing transaction,
    so a clear made in a transaction begun before the raise was older than
    the alert it ended. A raise and its clear change one condition under one
    lock, as two changes of one row do under its row lock, so their
    positions are in the order they happened. Alerts delivered before seq
    existed have none and were all raised before."""
    from pymongo import ReplaceOne, UpdateMany

    ops: dict[str, list] = {}
    for outbox_id, position, tenant_id, collection, document, created_at in rows:
        doc = dict(document)
        doc.update(_id=str(outbox_id), tenantId=str(tenant_id), createdAt=created_at, seq=position)
        clear = collection == "alerts" and doc.get("status") == "resolved"
        if clear:
            # The clear's own document expires by the TTL on resolvedAt too.
            doc["resolvedAt"] = created_at
        batch = ops.setdefault(collection, [])
        batch.append(ReplaceOne({"_id": doc["_id"]}, doc, upsert=True))
        if clear:
            batch.append(
                UpdateMany(
                    {
                        **_condition(tenant_id, doc),
                        "status": "open",
                        "$or": [{"seq": {"$lt": position}}, {"seq": {"$exists": False}}],
                    },
                    {"$set": {"status": "resolved", "resolvedAt": created_at}},
                )
            )
    return ops


def _resolve_if_cleared(alerts, rows: list[tuple]) -> None:
    """An open alert that arrives after the clear that ended it is resolved by that clear.
    Relays run side by side, and one may deliver a clear while another still holds the
    raise (or a raise comes again after a relay died before marking it): the clear's
    resolve then found nothing open. Whichever of the two MongoDB writes last, its
    side finds the other's document.

    One question for the batch's open alerts and one write for those it resolves, not
    a question for each: a batch of 500 raises (an import's products below their reorder
    points, a job's delayed shipments) went to MongoDB 500 times, each a round trip."""
    from pymongo import UpdateOne

    opened = [(str(r[0]), r[1], _condition(r[2], r[4])) for r in rows
              if r[3] == "alerts" and r[4].get("status") == "open"]
    if not opened:
        return
    # Per condition, the clears after the earliest of its raises here.
    earliest: dict[tuple, tuple[dict, int]] = {}
    for _id, position, condition in opened:
        key = tuple(condition.values())
        if key not in earliest or position < earliest[key][1]:
            earliest[key] = (condition, position)
    later: dict[tuple, list[tuple]] = {}
    for doc in alerts.find(
        {"status": "resolved",
         "$or": [{**condition, "seq": {"$gt": position}}
                 for condition, position in earliest.values()]},
        projection={"tenantId": 1, "type": 1, "subject": 1, "seq": 1, "createdAt": 1},
    ):
        later.setdefault((doc["tenantId"], doc["type"], doc["subject"]), []).append(
            (doc["seq"], doc["createdAt"]))
    resolves = []
    for outbox_id, position, condition in opened:
        # The first resolved document after the raise, by seq.
        after = [c for c in later.get(tuple(condition.values()), ()) if c[0] > position]
        if after:
            resolves.append(UpdateOne(
                {"_id": outbox_id, "status": "open"},
                {"$set": {"status": "resolved", "resolvedAt": min(after)[1]}},
            ))
    if resolves:
        alerts.bulk_write(resolves, ordered=False)


class Relay:
    """Delivers outbox batches from one PostgreSQL database to one MongoDB database.

    `after_write` runs after MongoDB acknowledged a batch and before the rows
    are marked: tests use it to die at the worst moment.
    """

    def __init__(
        self,
        conninfo: str,
        mongo_database,
        batch_size: int = DEFAULT_BATCH,
        after_claim: Callable[[list], None] | None = None,
        after_write: Callable[[list], None] | None = None,
    ):
        from pymongo import WriteConcern

        self.conninfo = conninfo
        self.database = mongo_database
        self.batch_size = batch_size
        self.after_claim = after_claim
        self.after_write = after_write
        # Acknowledged by a majority of a replica set; a standalone server
        # acknowledges it alone.
        self.write_concern = WriteConcern(w="majority", wtimeout=WRITE_TIMEOUT_MS)
        self.conn: psycopg.Connection | None = None
        self.stopping = threading.Event()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _connection(self) -> psycopg.Connection:
        if self.conn is None or self.conn.closed:
            self.conn = psycopg.connect(self.conninfo, autocommit=True)
        return self.conn

    def deliver_batch(self) -> BatchResult:
        """Claim, send and mark one batch. Raises DeliveryFailed when MongoDB fails."""
        from bson.errors import InvalidDocument
        from pymongo.errors import PyMongoError

        conn = self._connection()
        result = BatchResult()
        failure: str | None = None
        try:
            with conn.transaction():
                rows = conn.execute(
                    "SELECT id, queue_position, tenant_id, collection, document, created_at "
                    "FROM audit.claim_outbox(%s) ORDER BY queue_position",
                    [self.batch_size],
                ).fetchall()
                if not rows:
                    return result
                if self.after_claim:
                    self.after_claim(rows)
                ids = [r[0] for r in rows]
                try:
                    self._write(rows, result)
                # InvalidDocument is pymongo's DocumentTooLarge too, which is no
                # PyMongoError: it ended the relay with a traceback.
                except (PyMongoError, InvalidDocument) as exc:
                    if _refused_document(exc):
                        result.by_collection.clear()
                        failure = self._one_at_a_time(conn, rows, result)
                    else:
                        failure = short_error(exc)
                        conn.execute("SELECT audit.mark_failed(%s, %s)", [ids, failure])
                else:
                    if self.after_write:
                        self.after_write(rows)
                    result.delivered = conn.execute(
                        "SELECT audit.mark_delivered(%s)", [ids]
                    ).fetchone()[0]
        except BaseException:
            # A relay dying mid-batch: the transaction is gone, the rows wait.
            self.close()
            raise
        if failure is not None:
            waiting = len(ids) - result.delivered - result.parked
            raise DeliveryFailed(
                f"MongoDB did not take {waiting} outbox rows, they wait: {failure}"
            )
        return result

    def _write(self, rows: list[tuple], result: BatchResult) -> None:
        for collection, ops in _operations(rows).items():
            target = self.database.get_collection(collection, write_concern=self.write_concern)
            # Returns once acknowledged (w=majority); raises otherwise.
            target.bulk_write(ops, ordered=True)
            if collection == "alerts":
                _resolve_if_cleared(target, rows)
            result.by_collection[collection] = result.by_collection.get(collection, 0) + sum(
                1 for r in rows if r[3] == collection
            )

    def _one_at_a_time(self, conn: psycopg.Connection, rows: list[tuple],
                       result: BatchResult) -> str | None:
        """A batch MongoDB refused a document of, sent again row by row in order: rows it
        takes are delivered, a row it refuses on its own is parked. A failure of another
        kind stops there and leaves that row and the rest waiting; its text is returned."""
        from bson.errors import InvalidDocument
        from pymongo.errors import PyMongoError

        delivered: list = []
        failure = None
        for i, row in enumerate(rows):
            try:
                self._write([row], result)
            except (PyMongoError, InvalidDocument) as exc:
                if not _refused_document(exc):
                    failure = short_error(exc)
                    conn.execute("SELECT audit.mark_failed(%s, %s)",
                                 [[r[0] for r in rows[i:]], failure])
                    break
                conn.execute("SELECT audit.park_outbox(%s, %s)", [row[0], short_error(exc)])
                result.parked += 1
            else:
                delivered.append(row[0])
        if delivered:
            if self.after_write:
                self.after_write([r for r in rows if r[0] in delivered])
            result.delivered = conn.execute(
                "SELECT audit.mark_delivered(%s)", [delivered]
            ).fetchone()[0]
        return failure

    def pending(self) -> int:
        """Rows waiting for a relay (parked ones are not)."""
        return (
            self._connection()
            .execute("SELECT count(*) FROM audit.outbox "
                     "WHERE delivered_at IS NULL AND parked_at IS NULL")
            .fetchone()[0]
        )

    def parked(self) -> int:
        """Rows set aside because MongoDB refused their documents."""
        return (
            self._connection()
            .execute("SELECT count(*) FROM audit.outbox "
                     "WHERE delivered_at IS NULL AND parked_at IS NOT NULL")
            .fetchone()[0]
        )

    def run_until_empty(self, progress: Callable[[str], None] | None = None) -> int:
        """Deliver batches until none is left (rows other relays hold are skipped)."""
        total = 0
        while not self.stopping.is_set():
            batch = self.deliver_batch()
            if batch.delivered == 0 and batch.parked == 0:
                break
            total += batch.delivered
            if progress:
                parts = ", ".join(f"{n} {c}" for c, n in sorted(batch.by_collection.items()))
                parked = (f"; parked {batch.parked} MongoDB refused (stockdb relay status)"
                          if batch.parked else "")
                progress(f"delivered {batch.delivered} ({parts}); {total} so far{parked}")
        return total

    def run_forever(
        self,
        progress: Callable[[str], None],
        poll_seconds: float = 1.0,
    ) -> int:
        """Deliver until stopped (SIGTERM/SIGINT end it after the batch in hand).

        A failure is reported in one line and retried after a growing pause
        (1 s, 2 s, ... up to a minute); rows are never dropped.
        """
        total = 0
        backoff = 0.0
        while not self.stopping.is_set():
            try:
                total += self.run_until_empty(progress)
                backoff = 0.0
                self.stopping.wait(poll_seconds)
            except DeliveryFailed as exc:
                backoff = min(MAX_BACKOFF_SECONDS, max(1.0, backoff * 2))
                progress(f"{exc}; retrying in {backoff:.0f} s")
                self.stopping.wait(backoff)
            except psycopg.OperationalError as exc:
                backoff = min(MAX_BACKOFF_SECONDS, max(1.0, backoff * 2))
                message = (exc.diag.message_primary or str(exc)).strip().splitlines()[0]
                progress(f"PostgreSQL: {message}; retrying in {backoff:.0f} s")
                self.close()
                self.stopping.wait(backoff)
        return total

    def stop_on_signals(self) -> None:
        def handler(signum, _frame):
            self.stopping.set()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
        # A closed terminal too, unless started ignoring it (nohup).
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            signal.signal(signal.SIGHUP, handler)


def status(conninfo: str) -> list[dict]:
    with psycopg.connect(conninfo) as conn:
        cur = conn.execute(
            "SELECT collection, pending, oldest_pending_at, now() - oldest_pending_at AS age, "
            "failing, last_error, delivered, last_delivered_at, parked, last_parked_error "
            "FROM audit.outbox_status()"
        )
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def parked(conninfo: str) -> list[dict]:
    """The parked rows, oldest first, with the error MongoDB gave each."""
    with psycopg.connect(conninfo) as conn:
        cur = conn.execute(
            "SELECT id, tenant_id, kind, collection, created_at, parked_at, attempts, last_error, "
            "document_bytes FROM audit.parked_outbox()"
        )
        names = [d.name for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def retry_parked(conninfo: str, ids: list[str] | None = None) -> int:
    """Parked rows back in the queue, all or those named; how many."""
    with psycopg.connect(conninfo) as conn:
        return conn.execute("SELECT audit.unpark_outbox(%s::uuid[])", [ids]).fetchone()[0]


def discard_parked(conninfo: str, ids: list[str], output: Path) -> int:
    """Takes the named parked rows out of the outbox for good, their documents
    written to output first (one JSON object a line): the rows go only once
    the file is there, and a file that cannot be written leaves them parked.
    An existing file is added to, never replaced: the documents in it are
    out of the outbox already, and nowhere else."""
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT id, tenant_id, kind, collection, created_at, document "
            "FROM audit.discard_parked_outbox(%s::uuid[])",
            [ids],
        ).fetchall()
        lines = [
            json.dumps({"outbox_id": str(r[0]), "tenant_id": str(r[1]), "kind": r[2],
                        "collection": r[3], "created_at": r[4].isoformat(), "document": r[5]})
            for r in rows
        ]
        # Two discards into one file each read it and replaced it with what they
        # read and their own lines, so the first one's lines were lost. They take
        # turns by a lock on the file's directory: the file itself is replaced,
        # and a lock on it would hold the old one.
        try:
            directory = os.open(output.resolve().parent, os.O_RDONLY)
        except OSError as exc:
            raise StockdbError(f"cannot write {output}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(directory, fcntl.LOCK_EX)
            kept = output.read_bytes() if output.is_file() else b""
            if kept and not kept.endswith(b"\n"):
                kept += b"\n"
            # A discard stopped after writing the file and before its commit left
            # the rows parked and their documents in the file: run again, it
            # adds them a second time no more.
            there = _outbox_ids(kept)
            added = [line for r, line in zip(rows, lines, strict=True) if str(r[0]) not in there]
            write_atomically(output, kept + "".join(line + "\n" for line in added).encode())
        finally:
            os.close(directory)
    return len(rows)


def _outbox_ids(kept: bytes) -> set[str]:
    """The outbox ids of the documents a discard file holds; lines that are
    not a discard's (edited by hand) hold none."""
    ids = set()
    for line in kept.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("outbox_id"), str):
            ids.add(entry["outbox_id"])
    return ids
