--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: api; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA api;


--
-- Name: SCHEMA api; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA api IS 'The functions applications call; the only way in for them.';


--
-- Name: audit; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA audit;


--
-- Name: SCHEMA audit; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA audit IS 'Outbox of audit events and alerts waiting for MongoDB.';


--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: SCHEMA auth; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA auth IS 'Tenants, application users, refresh tokens.';


--
-- Name: catalog; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA catalog;


--
-- Name: SCHEMA catalog; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA catalog IS 'Products, their categories and batches.';


--
-- Name: inventory; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA inventory;


--
-- Name: SCHEMA inventory; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA inventory IS 'Balances, the stock movement ledger, reservations.';


--
-- Name: logistics; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA logistics;


--
-- Name: SCHEMA logistics; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA logistics IS 'Carriers, shipments and their tracking events.';


--
-- Name: ops; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ops;


--
-- Name: SCHEMA ops; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA ops IS 'Maintenance procedures and their bookkeeping.';


--
-- Name: partman; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA partman;


--
-- Name: SCHEMA partman; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA partman IS 'pg_partman, which keeps the monthly ledger partitions.';


--
-- Name: planning; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA planning;


--
-- Name: SCHEMA planning; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA planning IS 'Demand forecasts.';


--
-- Name: procurement; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA procurement;


--
-- Name: SCHEMA procurement; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA procurement IS 'Suppliers and purchase orders.';


--
-- Name: report; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA report;


--
-- Name: SCHEMA report; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA report IS 'Views and materialised views for applications and analysts.';


--
-- Name: sales; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA sales;


--
-- Name: SCHEMA sales; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA sales IS 'Customers and sales orders.';


--
-- Name: staging; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA staging;


--
-- Name: SCHEMA staging; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA staging IS 'XLSX import batches, raw rows and row errors.';


--
-- Name: warehouse; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA warehouse;


--
-- Name: SCHEMA warehouse; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA warehouse IS 'Warehouses and the locations (bins, shelves) inside them.';


--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;


--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';


--
-- Name: pg_partman; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_partman WITH SCHEMA partman;


--
-- Name: EXTENSION pg_partman; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_partman IS 'Extension to manage partitioned tables by time or ID';


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;


--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';


--
-- Name: user_role; Type: TYPE; Schema: auth; Owner: -
--

CREATE TYPE auth.user_role AS ENUM (
    'admin',
    'manager',
    'warehouse_staff',
    'procurement',
    'sales',
    'logistics',
    'analyst',
    'partner'
);


--
-- Name: TYPE user_role; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TYPE auth.user_role IS 'What an application user may do; the role gates which api functions it may call.';


--
-- Name: reservation_status; Type: TYPE; Schema: inventory; Owner: -
--

CREATE TYPE inventory.reservation_status AS ENUM (
    'active',
    'released',
    'fulfilled',
    'expired'
);


--
-- Name: TYPE reservation_status; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TYPE inventory.reservation_status IS 'Where a reservation stands; only active ones hold stock.';


--
-- Name: stock_movement_type; Type: TYPE; Schema: inventory; Owner: -
--

CREATE TYPE inventory.stock_movement_type AS ENUM (
    'purchase_receipt',
    'sale_issue',
    'adjustment',
    'transfer_in',
    'transfer_out',
    'returned',
    'reservation',
    'release',
    'consumption'
);


--
-- Name: TYPE stock_movement_type; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TYPE inventory.stock_movement_type IS 'Why stock moved. reservation and release move stock between available and reserved; the others change what is on hand.';


--
-- Name: shipment_status; Type: TYPE; Schema: logistics; Owner: -
--

CREATE TYPE logistics.shipment_status AS ENUM (
    'preparing',
    'in_transit',
    'delivered',
    'delayed',
    'cancelled'
);


--
-- Name: TYPE shipment_status; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON TYPE logistics.shipment_status IS 'preparing → in_transit ⇄ delayed → delivered, or cancelled before it leaves; ops.status_transition lists the allowed steps.';


--
-- Name: po_status; Type: TYPE; Schema: procurement; Owner: -
--

CREATE TYPE procurement.po_status AS ENUM (
    'draft',
    'ordered',
    'partial',
    'received',
    'cancelled'
);


--
-- Name: TYPE po_status; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON TYPE procurement.po_status IS 'draft → ordered → partial → received, or cancelled; ops.status_transition lists the allowed steps.';


--
-- Name: order_status; Type: TYPE; Schema: sales; Owner: -
--

CREATE TYPE sales.order_status AS ENUM (
    'pending',
    'approved',
    'processing',
    'shipped',
    'closed',
    'cancelled'
);


--
-- Name: TYPE order_status; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON TYPE sales.order_status IS 'pending → approved → processing → shipped → closed, or cancelled before shipping; ops.status_transition lists the allowed steps.';


--
-- Name: batch_status; Type: TYPE; Schema: staging; Owner: -
--

CREATE TYPE staging.batch_status AS ENUM (
    'loading',
    'rejected',
    'validated',
    'applied',
    'failed'
);


--
-- Name: TYPE batch_status; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TYPE staging.batch_status IS 'loading while rows arrive; then rejected (cell errors, nothing applied), validated (a dry run without errors), applied, or failed (the apply raised; nothing applied).';


--
-- Name: location_kind; Type: TYPE; Schema: warehouse; Owner: -
--

CREATE TYPE warehouse.location_kind AS ENUM (
    'receiving',
    'storage',
    'picking',
    'shipping',
    'quarantine'
);


--
-- Name: TYPE location_kind; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON TYPE warehouse.location_kind IS 'What a location is for; stock in quarantine is never allocated.';


--
-- Name: add_purchase_order_item(uuid, integer, uuid, numeric, bigint); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.add_purchase_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_cost_minor bigint) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order procurement.purchase_order;
    v_product catalog.product;
    v_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.add_purchase_order_item');
    v_order := procurement.lock_purchase_order(v_tenant_id, add_purchase_order_item.order_id, add_purchase_order_item.version);
    IF v_order.status <> 'draft' THEN
        RAISE EXCEPTION 'purchase order % is %: lines can be added to a draft only', v_order.number, v_order.status
            USING ERRCODE = 'SD003', HINT = 'Create a new purchase order for more goods.';
    END IF;
    v_product := catalog.lock_product(v_tenant_id, add_purchase_order_item.product_id);
    PERFORM catalog.check_quantity(v_product, add_purchase_order_item.quantity, 'quantity');
    IF add_purchase_order_item.unit_cost_minor IS NULL OR add_purchase_order_item.unit_cost_minor < 0 THEN
        RAISE EXCEPTION 'unit_cost_minor must be zero or more'
            USING ERRCODE = '22023', DETAIL = format('unit_cost_minor => %s.', add_purchase_order_item.unit_cost_minor),
                  HINT = 'Pass the cost of one unit in minor units of the order''s currency.';
    END IF;
    -- The line's total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            add_purchase_order_item.quantity * add_purchase_order_item.unit_cost_minor, 'the line total',
            format('quantity %s × unit_cost_minor %s', add_purchase_order_item.quantity,
                   add_purchase_order_item.unit_cost_minor)
        )::numeric + v_order.total_minor,
        'the order total', format('order %s totals %s before this line', v_order.number, v_order.total_minor)
    );
    INSERT INTO procurement.purchase_order_item (
        tenant_id, id, purchase_order_id, product_id, quantity_ordered, unit_cost_minor
    )
    VALUES (
        v_tenant_id, v_id, v_order.id, v_product.id, add_purchase_order_item.quantity,
        add_purchase_order_item.unit_cost_minor
    );
    RETURN v_id;
END
$$;


--
-- Name: FUNCTION add_purchase_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_cost_minor bigint); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.add_purchase_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_cost_minor bigint) IS 'Adds a line to a draft purchase order (the order total follows) and returns the line id. Errors: 42501, 22023 bad quantity or cost, or a line or order total too large, SD404 unknown order or product, SD004 stale version, SD003 order no longer a draft.';


--
-- Name: add_sales_order_item(uuid, integer, uuid, numeric, bigint); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.add_sales_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_price_minor bigint DEFAULT NULL::bigint) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order sales.sales_order;
    v_product catalog.product;
    v_price bigint;
    v_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.add_sales_order_item');
    v_order := sales.lock_open_order(
        v_tenant_id, add_sales_order_item.order_id, add_sales_order_item.version, 'lines can be added'
    );
    v_product := catalog.lock_product(v_tenant_id, add_sales_order_item.product_id);
    PERFORM catalog.check_quantity(v_product, add_sales_order_item.quantity, 'quantity');
    v_price := sales.line_price(v_product, v_order.currency, add_sales_order_item.unit_price_minor, 'the line');
    -- The line's total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            add_sales_order_item.quantity * v_price, 'the line total',
            format('quantity %s × unit_price_minor %s', add_sales_order_item.quantity, v_price)
        )::numeric + v_order.total_minor,
        'the order total', format('order %s totals %s before this line', v_order.number, v_order.total_minor)
    );
    INSERT INTO sales.sales_order_item (tenant_id, id, sales_order_id, product_id, quantity, unit_price_minor)
    VALUES (v_tenant_id, v_id, v_order.id, v_product.id, add_sales_order_item.quantity, v_price);
    RETURN v_id;
END
$$;


--
-- Name: FUNCTION add_sales_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_price_minor bigint); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.add_sales_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_price_minor bigint) IS 'Adds a line to a pending or approved sales order and returns the line id; the price defaults to the product''s list price in the order''s currency, the order total follows, and an approved order goes back to pending, to be approved again. Errors: 42501, 22023 bad quantity or price, no price, a line or order total too large, no version, SD404 unknown order or product, SD004 stale version, SD003 order reserved or further on.';


--
-- Name: add_tracking_event(uuid, text, text, timestamp with time zone, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.add_tracking_event(shipment_id uuid, status text, location text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now(), details jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_shipment logistics.shipment;
    v_status logistics.shipment_status;
    v_event_id uuid;
    v_occurred_at timestamptz := add_tracking_event.occurred_at;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.add_tracking_event');
    PERFORM ops.require_shallow_json(add_tracking_event.details, 'details');
    SELECT s.* INTO v_shipment
    FROM logistics.shipment AS s
    WHERE s.tenant_id = v_tenant_id AND s.id = add_tracking_event.shipment_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shipment % not found', add_tracking_event.shipment_id
            USING ERRCODE = 'SD404', DETAIL = 'No shipment with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.ship_sales_order.';
    END IF;
    -- Bounded before it goes into the message.
    PERFORM ops.require_length(add_tracking_event.status, 'status', 100);
    IF add_tracking_event.status IS NULL
       OR add_tracking_event.status NOT IN (SELECT unnest(enum_range(NULL::logistics.shipment_status))::text) THEN
        RAISE EXCEPTION 'unknown shipment status %', coalesce(add_tracking_event.status, 'NULL')
            USING ERRCODE = '22023',
                  HINT = 'Use one of: ' || array_to_string(enum_range(NULL::logistics.shipment_status), ', ') || '.';
    END IF;
    v_status := add_tracking_event.status::logistics.shipment_status;
    IF NOT isfinite(add_tracking_event.occurred_at) THEN
        RAISE EXCEPTION 'occurred_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('occurred_at => %s.', add_tracking_event.occurred_at),
                  HINT = 'Pass the time the carrier reported.';
    END IF;
    -- The default is now(), this transaction's start: a transaction that began
    -- before another one shipped still reports after the shipment left.
    IF add_tracking_event.occurred_at = now() THEN
        v_occurred_at := greatest(now(), v_shipment.shipped_at);
    END IF;
    IF v_occurred_at IS NULL OR v_occurred_at < v_shipment.shipped_at THEN
        RAISE EXCEPTION 'occurred_at must not be before the shipment left'
            USING ERRCODE = '22023',
                  DETAIL = format('occurred_at => %s, shipped_at %s.', add_tracking_event.occurred_at, v_shipment.shipped_at),
                  HINT = 'Pass the time the carrier reported.';
    END IF;
    -- Nothing is reported before it happens. An event dated ahead (a carrier's
    -- local time sent as UTC) outranked every real one until its time came: a
    -- delivery reported in between was recorded and moved nothing. Five minutes
    -- allow for the carrier's clock.
    IF v_occurred_at > clock_timestamp() + interval '5 minutes' THEN
        RAISE EXCEPTION 'occurred_at is in the future'
            USING ERRCODE = '22023',
                  DETAIL = format('occurred_at => %s; the time is now %s.', add_tracking_event.occurred_at,
                                  clock_timestamp()),
                  HINT = 'Pass the time the carrier reported, with its time zone offset.';
    END IF;
    IF jsonb_typeof(coalesce(add_tracking_event.details, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'details must be a JSON object'
            USING ERRCODE = '22023', HINT = 'Pass {} or an object of the carrier''s fields.';
    END IF;

    -- A carrier's webhook sends an event again when it saw no answer: the same
    -- event is the one already recorded, not a second one.
    SELECT e.id INTO v_event_id
    FROM logistics.shipment_tracking_event AS e
    WHERE e.tenant_id = v_tenant_id AND e.shipment_id = v_shipment.id
      AND e.occurred_at = v_occurred_at AND e.status = v_status
      AND e.location IS NOT DISTINCT FROM add_tracking_event.location
      AND e.details = coalesce(add_tracking_event.details, '{}')
    LIMIT 1;
    IF FOUND THEN
        RETURN v_event_id;
    END IF;
    INSERT INTO logistics.shipment_tracking_event (tenant_id, shipment_id, occurred_at, status, location, details)
    VALUES (
        v_tenant_id, v_shipment.id, v_occurred_at, v_status, add_tracking_event.location,
        coalesce(add_tracking_event.details, '{}')
    )
    RETURNING id INTO v_event_id;
    -- The shipment is where its latest event says: one that arrives after a
    -- later one (webhooks come out of order) is recorded and moves nothing. It
    -- was taken as a step back, which the transitions table refused (SD003),
    -- and the event was lost.
    IF v_status <> v_shipment.status AND NOT EXISTS (
        SELECT FROM logistics.shipment_tracking_event AS e
        WHERE e.tenant_id = v_tenant_id AND e.shipment_id = v_shipment.id
          AND e.occurred_at > v_occurred_at
    ) THEN
        -- The transitions table decides (SD003 for a step it does not list).
        UPDATE logistics.shipment AS s
        SET status = v_status,
            delivered_at = CASE WHEN v_status = 'delivered' THEN v_occurred_at END
        WHERE s.tenant_id = v_tenant_id AND s.id = v_shipment.id;
    END IF;
    RETURN v_event_id;
END
$$;


--
-- Name: FUNCTION add_tracking_event(shipment_id uuid, status text, location text, occurred_at timestamp with time zone, details jsonb); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.add_tracking_event(shipment_id uuid, status text, location text, occurred_at timestamp with time zone, details jsonb) IS 'Appends a tracking event to a shipment and, when no later event is recorded, moves the shipment to the event''s status (delivered sets delivered_at; cancelled, a parcel lost or returned to sender, ends it); returns the event id. occurred_at defaults to now, and now is never before the shipment left. The same event sent again (same time, status, location and details) returns the recorded one''s id and changes nothing. Errors: 42501, 22023 unknown status, bad details, or a time before the shipment left or over five minutes ahead, SD404, SD003 a status change the transitions table forbids.';


--
-- Name: approve_sales_order(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.approve_sales_order(order_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.approve_sales_order');
    v_order := sales.lock_sales_order(v_tenant_id, approve_sales_order.order_id, approve_sales_order.version);
    IF v_order.status <> 'pending' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to approved', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a pending order can be approved.',
                  HINT = 'Check the order''s current status.';
    END IF;
    -- Not before the order was made: a transaction that began before another
    -- one created the order still sees it, and its now() is the earlier time.
    UPDATE sales.sales_order AS so SET status = 'approved', approved_at = greatest(now(), so.created_at)
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION approve_sales_order(order_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.approve_sales_order(order_id uuid, version integer) IS 'Approves a pending sales order and returns its new version. Errors: 42501, 22023 no version, SD404, SD004 stale version, SD003 not pending.';


--
-- Name: authenticate(text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.authenticate(email text, password text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    c_max_failures constant integer := 5;
    c_lock constant interval := '15 minutes';
    -- bcrypt (cost 12) of a string nobody can log in with.
    c_equaliser constant text := '$2a$12$4kHBxm15JI1.PAodO1s1TeMMHJnQ31Vlf1fl0eORLmPsez2N0PorG';
    v_tenant_id uuid := auth.require_tenant();
    v_user record;
    v_hash text;
    v_match boolean;
BEGIN
    SELECT u.id, u.password_hash, u.active, u.locked_until, u.failed_login_count
    INTO v_user
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id AND lower(u.email) = lower(authenticate.email)
    FOR UPDATE;

    v_hash := coalesce(v_user.password_hash, c_equaliser);
    v_match := public.crypt(coalesce(authenticate.password, ''), v_hash) = v_hash;

    IF v_user.id IS NULL OR v_user.password_hash IS NULL OR NOT v_user.active
       OR v_user.locked_until > now() THEN
        RETURN NULL;
    END IF;
    IF NOT v_match THEN
        UPDATE auth.app_user AS u
        SET failed_login_count = CASE WHEN v_user.failed_login_count + 1 >= c_max_failures
                                      THEN 0 ELSE v_user.failed_login_count + 1 END,
            locked_until = CASE WHEN v_user.failed_login_count + 1 >= c_max_failures
                                THEN now() + c_lock END
        WHERE u.tenant_id = v_tenant_id AND u.id = v_user.id;
        RETURN NULL;
    END IF;
    UPDATE auth.app_user AS u
    SET failed_login_count = 0, locked_until = NULL, last_login_at = now()
    WHERE u.tenant_id = v_tenant_id AND u.id = v_user.id;
    RETURN v_user.id;
END
$_$;


--
-- Name: FUNCTION authenticate(email text, password text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.authenticate(email text, password text) IS 'Returns the id of the tenant''s active user with this email (case-insensitive) and password, or NULL: for an unknown email, a wrong password, an inactive or password-less user, and a locked account alike. The 5th consecutive failure locks the account for 15 minutes; a success clears the count. Errors: 42501 without a tenant context.';


--
-- Name: cancel_purchase_order(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.cancel_purchase_order(order_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order procurement.purchase_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.cancel_purchase_order');
    v_order := procurement.lock_purchase_order(v_tenant_id, cancel_purchase_order.order_id, cancel_purchase_order.version);
    IF v_order.status = 'cancelled' THEN
        RAISE EXCEPTION 'purchase_order % cannot go from cancelled to cancelled', v_order.id
            USING ERRCODE = 'SD003', DETAIL = 'It is already cancelled.', HINT = 'Nothing to do.';
    END IF;
    UPDATE procurement.purchase_order AS po
    SET status = 'cancelled', cancelled_at = greatest(now(), po.created_at, po.ordered_at)
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION cancel_purchase_order(order_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.cancel_purchase_order(order_id uuid, version integer) IS 'Cancels a draft, ordered or partially received purchase order (what was received stays) and returns its new version. Errors: 42501, 22023, SD404, SD004 stale version, SD003 already received or cancelled.';


--
-- Name: cancel_sales_order(uuid, integer, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.cancel_sales_order(order_id uuid, version integer, reason text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_scope record;
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.cancel_sales_order');
    IF cancel_sales_order.reason IS NULL OR btrim(cancel_sales_order.reason) = '' THEN
        RAISE EXCEPTION 'a cancellation needs a reason'
            USING ERRCODE = '22023', HINT = 'Say why the order is cancelled (customer request, fraud, …).';
    END IF;
    v_scope := sales.order_stock_scope(v_tenant_id, cancel_sales_order.order_id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    -- The shipments before the order, the order api.add_tracking_event takes
    -- them in (a delivery closes the order): held, none changes while the
    -- order's trigger judges whether a shipped order may be cancelled (only
    -- once its shipment is), and a cancel behind the carrier's cancelling
    -- event waits for it rather than being refused.
    PERFORM
    FROM logistics.shipment AS sh
    WHERE sh.tenant_id = v_tenant_id AND sh.sales_order_id = cancel_sales_order.order_id
    ORDER BY sh.id
    FOR SHARE;
    v_order := sales.lock_sales_order(v_tenant_id, cancel_sales_order.order_id, cancel_sales_order.version);
    IF v_order.status NOT IN ('pending', 'approved', 'processing', 'shipped') THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to cancelled', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'A closed or cancelled order is final.',
                  HINT = 'Goods of a shipped order that come back are taken back with api.return_sales_order_item.';
    END IF;
    PERFORM sales.release_order_reservations(v_tenant_id, v_order.id);
    UPDATE sales.sales_order AS so
    SET status = 'cancelled', cancelled_at = greatest(now(), so.created_at, so.approved_at, so.shipped_at),
        cancel_reason = cancel_sales_order.reason
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION cancel_sales_order(order_id uuid, version integer, reason text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.cancel_sales_order(order_id uuid, version integer, reason text) IS 'Cancels a sales order that has not shipped, releasing its active reservations, or a shipped one whose shipment the carrier cancelled (lost, returned to sender; the stock stays issued until it is recorded back), and returns its new version. Errors: 42501, 22023 no reason or version, SD404, SD004 stale version, SD003 shipped with its shipment not cancelled, closed or already cancelled.';


--
-- Name: count_stock(text, uuid, uuid, uuid, numeric, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.count_stock(idempotency_key text, product_id uuid, location_id uuid, batch_id uuid, counted_quantity numeric, reason text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
#variable_conflict use_column
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_on_hand numeric;
    v_reserved numeric;
    v_movement_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.count_stock');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, count_stock.idempotency_key, 'api.count_stock',
        jsonb_build_object(
            'product_id', count_stock.product_id, 'location_id', count_stock.location_id,
            'batch_id', count_stock.batch_id, 'counted_quantity', trim_scale(count_stock.counted_quantity),
            'reason', count_stock.reason
        )
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, count_stock.product_id);
    v_location := warehouse.require_location(v_tenant_id, count_stock.location_id);
    IF count_stock.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(v_tenant_id, v_product.id, count_stock.batch_id);
    END IF;
    IF count_stock.counted_quantity IS NULL OR count_stock.counted_quantity < 0 THEN
        RAISE EXCEPTION 'counted_quantity must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('counted_quantity => %s.', coalesce(count_stock.counted_quantity::text, 'NULL')),
                  HINT = 'Pass what was counted on the shelf.';
    END IF;
    IF count_stock.counted_quantity > 0 THEN
        PERFORM catalog.check_quantity(v_product, count_stock.counted_quantity, 'counted_quantity');
    END IF;

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- The count is compared with the balance as it is now. Under READ
    -- COMMITTED the stock lock makes this read current. Under REPEATABLE READ
    -- or SERIALIZABLE the read sees the transaction's snapshot, so it locks:
    -- a balance changed since then fails with 40001 (retry with the same key)
    -- instead of a count that "matches" stock that has since moved.
    SELECT i.on_hand, i.reserved INTO v_on_hand, v_reserved
    FROM inventory.inventory AS i
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND i.location_id = v_location.id
      AND (i.batch_id = v_batch.id OR i.batch_id IS NULL AND v_batch.id IS NULL)
      AND i.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        v_on_hand := 0;
        v_reserved := 0;
        -- Nor can a snapshot see a balance created since: an empty one, as
        -- the ledger trigger makes, fails with 40001 where another
        -- transaction's is.
        IF current_setting('transaction_isolation') <> 'read committed' THEN
            INSERT INTO inventory.inventory (tenant_id, product_id, batch_id, location_id)
            VALUES (v_tenant_id, v_product.id, v_batch.id, v_location.id)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING;
        END IF;
    END IF;

    IF count_stock.counted_quantity < v_reserved THEN
        RAISE EXCEPTION 'counted % of % is less than the % reserved there',
            count_stock.counted_quantity, v_product.sku, trim_scale(v_reserved)
            USING ERRCODE = 'SD001',
                  DETAIL = format('asked %s, available %s at location %s (on hand %s, reserved %s)',
                                  v_on_hand - count_stock.counted_quantity, v_on_hand - v_reserved,
                                  v_location.code, v_on_hand, v_reserved),
                  HINT = 'Release or move the reservations that hold this stock, then count again.';
    END IF;
    IF count_stock.counted_quantity <> v_on_hand THEN
        v_movement_id := inventory.post_movement(
            v_tenant_id, 'adjustment', v_product.id, v_batch.id, v_location.id,
            count_stock.counted_quantity - v_on_hand, NULL, NULL,
            coalesce(count_stock.reason, 'cycle count'), count_stock.idempotency_key
        );
    END IF;
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('movement_id', v_movement_id));
    RETURN v_movement_id;
END
$$;


--
-- Name: FUNCTION count_stock(idempotency_key text, product_id uuid, location_id uuid, batch_id uuid, counted_quantity numeric, reason text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.count_stock(idempotency_key text, product_id uuid, location_id uuid, batch_id uuid, counted_quantity numeric, reason text) IS 'Records a cycle count of one product batch at one location: posts counted - on_hand as an adjustment and returns its id, or NULL when the count matches. Errors: 42501, 22023, SD404, SD001 counted below what is reserved there, SD002 key reused; 40001 under REPEATABLE READ or SERIALIZABLE when the stock there changed after the transaction''s snapshot (retry with the same key).';


--
-- Name: create_carrier(text, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_carrier(code text, name text, tracking_url_template text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_carrier');
    PERFORM ops.require_text(create_carrier.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces, such as ''DHL''.');
    PERFORM ops.require_text(create_carrier.name, 'name', '[^[:space:]]', 'Pass the carrier''s name.');
    IF create_carrier.tracking_url_template !~ '^https?://.*\{tracking_number\}' THEN
        RAISE EXCEPTION 'tracking_url_template must be an http(s) URL containing {tracking_number}'
            USING ERRCODE = '22023', DETAIL = format('tracking_url_template => %s.', ops.quoted_excerpt(create_carrier.tracking_url_template)),
                  HINT = 'For example https://track.example.com/?id={tracking_number}.';
    END IF;
    INSERT INTO logistics.carrier AS c (tenant_id, code, name, tracking_url_template)
    VALUES (v_tenant_id, create_carrier.code, create_carrier.name, create_carrier.tracking_url_template)
    RETURNING c.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_carrier(code text, name text, tracking_url_template text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_carrier(code text, name text, tracking_url_template text) IS 'Creates a carrier and returns its id. Errors: 42501, 22023 bad code, name or tracking URL, 23505 code already used by the tenant.';


--
-- Name: create_category(text, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_category(name text, parent_id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_category');
    PERFORM ops.require_text(create_category.name, 'name', '[^[:space:]]', 'Pass the category''s name.');
    PERFORM ops.require_length(create_category.name, 'name', 200);
    PERFORM catalog.require_category_name(create_category.name);
    IF create_category.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM catalog.product_category AS c
        WHERE c.tenant_id = v_tenant_id AND c.id = create_category.parent_id
    ) THEN
        RAISE EXCEPTION 'category % not found', create_category.parent_id
            USING ERRCODE = 'SD404', DETAIL = 'parent_id names no category of the calling tenant.',
                  HINT = 'Pass NULL for a top-level category.';
    END IF;
    INSERT INTO catalog.product_category AS c (tenant_id, name, parent_id)
    VALUES (v_tenant_id, create_category.name, create_category.parent_id)
    RETURNING c.id INTO v_id;
    RETURN v_id;
END
$$;


--
-- Name: FUNCTION create_category(name text, parent_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_category(name text, parent_id uuid) IS 'Creates a product category, under parent_id or at the top, and returns its id. Errors: 42501, 22023 (a name of more than 200 characters, holding a / or beginning or ending with a blank too), SD404 unknown parent, 23505 name already used under that parent, 23514 deeper than 64 levels under the top.';


--
-- Name: create_customer(text, text, text, text, jsonb, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_customer(code text, name text, email text DEFAULT NULL::text, phone text DEFAULT NULL::text, billing_address jsonb DEFAULT '{}'::jsonb, shipping_address jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_customer');
    PERFORM ops.require_shallow_json(create_customer.billing_address, 'billing_address'),
            ops.require_shallow_json(create_customer.shipping_address, 'shipping_address');
    PERFORM ops.require_text(create_customer.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces.');
    PERFORM ops.require_text(create_customer.name, 'name', '[^[:space:]]', 'Pass the customer''s name.');
    PERFORM ops.require_email(create_customer.email);
    IF jsonb_typeof(coalesce(create_customer.billing_address, '{}')) <> 'object'
       OR jsonb_typeof(coalesce(create_customer.shipping_address, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'addresses must be JSON objects' USING ERRCODE = '22023', HINT = 'Pass {"line1": …, "city": …}.';
    END IF;
    INSERT INTO sales.customer AS c (tenant_id, code, name, email, phone, billing_address, shipping_address)
    VALUES (v_tenant_id, create_customer.code, create_customer.name, create_customer.email, create_customer.phone,
            coalesce(create_customer.billing_address, '{}'), coalesce(create_customer.shipping_address, '{}'))
    RETURNING c.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_customer(code text, name text, email text, phone text, billing_address jsonb, shipping_address jsonb); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_customer(code text, name text, email text, phone text, billing_address jsonb, shipping_address jsonb) IS 'Creates a customer and returns its id. Errors: 42501, 22023 bad code, name, email (at most 320 characters) or addresses, 23505 code already used by a live customer.';


--
-- Name: create_location(uuid, text, warehouse.location_kind, numeric); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_location(warehouse_id uuid, code text, kind warehouse.location_kind DEFAULT 'storage'::warehouse.location_kind, capacity numeric DEFAULT NULL::numeric) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_warehouse warehouse.warehouse;
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_location');
    v_warehouse := warehouse.require_warehouse(v_tenant_id, create_location.warehouse_id);
    PERFORM ops.require_text(create_location.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces, such as ''A-01-3''.');
    IF create_location.kind IS NULL THEN
        RAISE EXCEPTION 'kind must not be null'
            USING ERRCODE = '22023', HINT = 'Pass receiving, storage, picking, shipping or quarantine.';
    END IF;
    PERFORM ops.require_finite(create_location.capacity, 'capacity');
    IF create_location.capacity <= 0 THEN
        RAISE EXCEPTION 'capacity must be positive'
            USING ERRCODE = '22023', DETAIL = format('capacity => %s.', create_location.capacity),
                  HINT = 'Pass NULL for a location without a limit.';
    END IF;
    INSERT INTO warehouse.location AS l (tenant_id, warehouse_id, code, kind, capacity)
    VALUES (v_tenant_id, v_warehouse.id, create_location.code, create_location.kind, create_location.capacity)
    RETURNING l.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_location(warehouse_id uuid, code text, kind warehouse.location_kind, capacity numeric); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_location(warehouse_id uuid, code text, kind warehouse.location_kind, capacity numeric) IS 'Creates a location (bin, shelf, area) in a warehouse and returns its id. Errors: 42501, 22023, SD404 unknown warehouse, 23505 code already used in the warehouse.';


--
-- Name: create_product(text, text, uuid, text, text, text, bigint, character, numeric, numeric, numeric, integer, text, character, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_product(sku text, name text, category_id uuid DEFAULT NULL::uuid, unit text DEFAULT 'ea'::text, description text DEFAULT NULL::text, barcode text DEFAULT NULL::text, unit_price_minor bigint DEFAULT NULL::bigint, currency character DEFAULT NULL::bpchar, reorder_point numeric DEFAULT 0, safety_stock_level numeric DEFAULT 0, min_stock_level numeric DEFAULT 0, lead_time_days integer DEFAULT 0, hs_code text DEFAULT NULL::text, country_of_origin character DEFAULT NULL::bpchar, attributes jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_product');
    PERFORM ops.require_shallow_json(create_product.attributes, 'attributes');
    PERFORM ops.require_text(create_product.sku, 'sku', '^[[:graph:]]{1,64}$', 'Pass 1 to 64 visible characters, no spaces.');
    PERFORM ops.require_text(create_product.name, 'name', '[^[:space:]]', 'Pass the product''s name.');
    PERFORM ops.require_length(create_product.name, 'name', 500),
            ops.require_length(create_product.description, 'description', 20000),
            ops.require_length(create_product.barcode, 'barcode', 64);
    -- Bounded before it goes into the message (a 100,000-character one came back whole).
    PERFORM ops.require_length(create_product.unit, 'unit', 100);
    IF NOT EXISTS (SELECT 1 FROM catalog.unit AS u WHERE u.code = create_product.unit) THEN
        RAISE EXCEPTION 'unknown unit %', coalesce(create_product.unit, 'NULL')
            USING ERRCODE = '22023',
                  HINT = 'Use one of: ' || (SELECT string_agg(u.code, ', ' ORDER BY u.code) FROM catalog.unit AS u) || '.';
    END IF;
    IF create_product.category_id IS NOT NULL THEN
        PERFORM catalog.require_category(v_tenant_id, create_product.category_id);
    END IF;
    IF (create_product.unit_price_minor IS NULL) <> (create_product.currency IS NULL)
       OR create_product.unit_price_minor < 0 OR create_product.currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'a price needs both unit_price_minor (zero or more) and an ISO 4217 currency'
            USING ERRCODE = '22023',
                  DETAIL = format(
                      'unit_price_minor => %s, currency => %s.', create_product.unit_price_minor,
                      ops.quoted_excerpt(create_product.currency)
                  ),
                  HINT = 'Pass both, or neither.';
    END IF;
    PERFORM ops.require_finite(create_product.reorder_point, 'reorder_point'),
            ops.require_finite(create_product.safety_stock_level, 'safety_stock_level'),
            ops.require_finite(create_product.min_stock_level, 'min_stock_level');
    IF coalesce(create_product.reorder_point, -1) < 0 OR coalesce(create_product.safety_stock_level, -1) < 0
       OR coalesce(create_product.min_stock_level, -1) < 0 THEN
        RAISE EXCEPTION 'stock levels must be zero or more'
            USING ERRCODE = '22023', HINT = 'reorder_point, safety_stock_level and min_stock_level are quantities.';
    END IF;
    IF create_product.lead_time_days IS NULL OR create_product.lead_time_days NOT BETWEEN 0 AND 3650 THEN
        RAISE EXCEPTION 'lead_time_days must be between 0 and 3650'
            USING ERRCODE = '22023', DETAIL = format('lead_time_days => %s.', create_product.lead_time_days),
                  HINT = 'Pass the days from order to receipt.';
    END IF;
    PERFORM catalog.require_trade_codes(create_product.hs_code, create_product.country_of_origin);
    IF jsonb_typeof(coalesce(create_product.attributes, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'attributes must be a JSON object'
            USING ERRCODE = '22023', HINT = 'Pass {"colour": "red", …}.';
    END IF;
    INSERT INTO catalog.product AS p (
        tenant_id, sku, name, description, category_id, unit, barcode, attributes, unit_price_minor, currency,
        min_stock_level, reorder_point, safety_stock_level, lead_time_days, hs_code, country_of_origin
    )
    VALUES (
        v_tenant_id, create_product.sku, create_product.name, create_product.description, create_product.category_id,
        create_product.unit, create_product.barcode, coalesce(create_product.attributes, '{}'),
        create_product.unit_price_minor, create_product.currency, create_product.min_stock_level,
        create_product.reorder_point, create_product.safety_stock_level, create_product.lead_time_days,
        create_product.hs_code, create_product.country_of_origin
    )
    RETURNING p.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_product(sku text, name text, category_id uuid, unit text, description text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_product(sku text, name text, category_id uuid, unit text, description text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb) IS 'Creates a product and returns its id. Errors: 42501, 22023 bad sku, name, unit, price, levels, lead time, customs fields or attributes, a barcode over 64 characters, SD404 unknown category, 23505 SKU already used by a live product.';


--
-- Name: create_purchase_order(uuid, character, timestamp with time zone, text, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_purchase_order(supplier_id uuid, currency character, expected_at timestamp with time zone DEFAULT NULL::timestamp with time zone, number text DEFAULT NULL::text, notes text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_purchase_order');
    -- An inactive supplier is not ordered from, as an inactive product is not
    -- put on an order line; update_supplier's active flag changed nothing before.
    IF NOT (procurement.require_supplier(v_tenant_id, create_purchase_order.supplier_id)).active THEN
        RAISE EXCEPTION 'supplier % is inactive', create_purchase_order.supplier_id
            USING ERRCODE = '22023', HINT = 'Reactivate the supplier (api.update_supplier) before ordering from it.';
    END IF;
    IF create_purchase_order.currency IS NULL OR create_purchase_order.currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'currency must be an ISO 4217 code'
            USING ERRCODE = '22023', DETAIL = format('currency => %s.', ops.quoted_excerpt(create_purchase_order.currency)),
                  HINT = 'Pass three capital letters, such as ''EUR''.';
    END IF;
    IF create_purchase_order.number IS NOT NULL AND create_purchase_order.number !~ '^[[:graph:]]{1,40}$' THEN
        RAISE EXCEPTION 'number must be 1 to 40 visible characters'
            USING ERRCODE = '22023', DETAIL = format('number => %s.', ops.quoted_excerpt(create_purchase_order.number)),
                  HINT = 'Leave number NULL to have one generated.';
    END IF;
    IF NOT isfinite(coalesce(create_purchase_order.expected_at, now())) THEN
        RAISE EXCEPTION 'expected_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('expected_at => %s.', create_purchase_order.expected_at),
                  HINT = 'Leave expected_at NULL when the delivery date is not known.';
    END IF;
    INSERT INTO procurement.purchase_order (
        tenant_id, id, number, supplier_id, currency, expected_at, notes, created_by
    )
    VALUES (
        v_tenant_id, v_id,
        coalesce(create_purchase_order.number, 'PO-' || upper(right(replace(v_id::text, '-', ''), 12))),
        create_purchase_order.supplier_id, create_purchase_order.currency, create_purchase_order.expected_at,
        create_purchase_order.notes, auth.current_user_id()
    );
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_purchase_order(supplier_id uuid, currency character, expected_at timestamp with time zone, number text, notes text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_purchase_order(supplier_id uuid, currency character, expected_at timestamp with time zone, number text, notes text) IS 'Creates a draft purchase order to a supplier (number generated when NULL) and returns its id. Errors: 42501, 22023 bad currency or number or an inactive supplier, SD404 unknown supplier, 23505 number already used.';


--
-- Name: create_sales_order(text, uuid, jsonb, character, bigint, bigint, text, jsonb); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_sales_order(idempotency_key text, customer_id uuid, lines jsonb, currency character DEFAULT NULL::bpchar, shipping_minor bigint DEFAULT 0, tax_minor bigint DEFAULT 0, number text DEFAULT NULL::text, shipping_address jsonb DEFAULT NULL::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order_id uuid := ops.uuid_v7();
    v_claim record;
    v_customer sales.customer;
    -- text, not char(3): 'EURO' failed its assignment with a bare 22001 before
    -- the role was checked.
    v_currency text := create_sales_order.currency;
    v_line jsonb;
    v_n integer := 0;
    v_product catalog.product;
    v_quantity numeric;
    v_price bigint;
    v_total numeric;
    v_unknown_keys text;
    -- A product_id the loop may cast to uuid, and the currency lookup before it.
    v_uuid_pattern CONSTANT text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_sales_order');
    PERFORM ops.require_shallow_json(create_sales_order.shipping_address, 'shipping_address');
    PERFORM ops.require_currency(create_sales_order.currency, 'currency');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, create_sales_order.idempotency_key, 'api.create_sales_order',
        jsonb_build_object(
            'customer_id', create_sales_order.customer_id, 'lines', sales.canonical_lines(create_sales_order.lines),
            'currency', create_sales_order.currency, 'shipping_minor', create_sales_order.shipping_minor,
            'tax_minor', create_sales_order.tax_minor, 'number', create_sales_order.number,
            'shipping_address', create_sales_order.shipping_address
        ),
        jsonb_build_object('order_id', v_order_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'order_id')::uuid;
    END IF;

    SELECT c.* INTO v_customer
    FROM sales.customer AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = create_sales_order.customer_id AND c.deleted_at IS NULL
    -- api.delete_customer waits for the order taken here, and one after it finds no customer.
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % not found', create_sales_order.customer_id
            USING ERRCODE = 'SD404', DETAIL = 'No live customer with this id belongs to the calling tenant.',
                  HINT = 'Check the customer id.';
    END IF;
    -- update_customer's active flag changed nothing before.
    IF NOT v_customer.active THEN
        RAISE EXCEPTION 'customer % is inactive', v_customer.code
            USING ERRCODE = '22023', HINT = 'Reactivate the customer (api.update_customer) before taking its orders.';
    END IF;
    IF jsonb_typeof(create_sales_order.lines) IS DISTINCT FROM 'array' OR jsonb_array_length(create_sales_order.lines) = 0 THEN
        RAISE EXCEPTION 'lines must be a non-empty JSON array'
            USING ERRCODE = '22023',
                  DETAIL = format('lines => %s.', left(coalesce(create_sales_order.lines::text, 'NULL'), 200)),
                  HINT = 'Pass [{"product_id": "…", "quantity": 2, "unit_price_minor": 1999}, …]; the price defaults to the product''s.';
    END IF;
    IF create_sales_order.shipping_minor IS NULL OR create_sales_order.shipping_minor < 0
       OR create_sales_order.tax_minor IS NULL OR create_sales_order.tax_minor < 0 THEN
        RAISE EXCEPTION 'shipping_minor and tax_minor must be zero or more'
            USING ERRCODE = '22023', HINT = 'Pass amounts in minor units of the currency.';
    END IF;

    -- The lines' products, held FOR KEY SHARE in id order before the first is read:
    -- a products import changing units takes its rows FOR UPDATE in id order too
    -- (staging.check_products). Taken line by line, an order naming two of them in
    -- the other order deadlocked with it. Malformed ids are left to the loop to name.
    PERFORM FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = ANY (ARRAY(
        SELECT (l ->> 'product_id')::uuid FROM jsonb_array_elements(create_sales_order.lines) AS l
        WHERE l ->> 'product_id' ~ v_uuid_pattern
    ))
    ORDER BY p.id
    FOR KEY SHARE;

    -- The currency, when not given, is the one the products are priced in.
    -- Each line's product looked up by its key (the malformed ids left to the
    -- loop to name): compared as text with p.id::text, the lines' ids read
    -- every product of the tenant (44 ms an order at 100,000 products).
    -- LIMIT 1 keeps the lookup per line, where a join could be planned as a
    -- scan of the catalogue for an array the planner takes for 100 lines.
    IF v_currency IS NULL THEN
        SELECT min(c.currency) INTO v_currency
        FROM jsonb_array_elements(create_sales_order.lines) AS l
        CROSS JOIN LATERAL (
            SELECT p.currency FROM catalog.product AS p
            WHERE p.tenant_id = v_tenant_id AND p.id = (l ->> 'product_id')::uuid
            LIMIT 1
        ) AS c
        WHERE l ->> 'product_id' ~ v_uuid_pattern;
    END IF;
    IF v_currency IS NULL OR v_currency !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'the order needs a currency'
            USING ERRCODE = '22023', DETAIL = 'currency => NULL, and the products name none.',
                  HINT = 'Pass currency => ''EUR'' (or the ISO 4217 code of the prices).';
    END IF;

    v_total := ops.require_amount(
        create_sales_order.shipping_minor::numeric + create_sales_order.tax_minor, 'the order total',
        format('shipping_minor => %s, tax_minor => %s', create_sales_order.shipping_minor, create_sales_order.tax_minor)
    );
    INSERT INTO sales.sales_order (
        tenant_id, id, number, customer_id, currency, shipping_minor, tax_minor, total_minor, shipping_address, created_by
    )
    VALUES (
        v_tenant_id, v_order_id,
        coalesce(create_sales_order.number, 'SO-' || upper(right(replace(v_order_id::text, '-', ''), 12))),
        v_customer.id, v_currency, create_sales_order.shipping_minor, create_sales_order.tax_minor,
        create_sales_order.shipping_minor + create_sales_order.tax_minor,
        coalesce(create_sales_order.shipping_address, v_customer.shipping_address), auth.current_user_id()
    );

    FOR v_line IN SELECT l FROM jsonb_array_elements(create_sales_order.lines) AS l LOOP
        v_n := v_n + 1;
        IF jsonb_typeof(v_line) IS DISTINCT FROM 'object' OR v_line ->> 'product_id' IS NULL
           OR v_line ->> 'product_id' !~ v_uuid_pattern
           OR jsonb_typeof(v_line -> 'quantity') IS DISTINCT FROM 'number' THEN
            RAISE EXCEPTION 'line % needs a product_id and a numeric quantity', v_n
                USING ERRCODE = '22023', DETAIL = format('line %s: %s', v_n, left(v_line::text, 200)),
                      HINT = 'Each line is {"product_id": "<uuid>", "quantity": <number>, "unit_price_minor": <integer, optional>}.';
        END IF;
        -- A misspelt key was ignored: {"unit_price": 500} took the list price.
        SELECT string_agg(k, ', ' ORDER BY k) INTO v_unknown_keys
        FROM jsonb_object_keys(v_line) AS k
        WHERE k NOT IN ('product_id', 'quantity', 'unit_price_minor');
        IF v_unknown_keys IS NOT NULL THEN
            RAISE EXCEPTION 'line % has an unknown key: %', v_n, v_unknown_keys
                USING ERRCODE = '22023', DETAIL = format('line %s: %s', v_n, left(v_line::text, 200)),
                      HINT = 'A line takes only product_id, quantity and unit_price_minor.';
        END IF;
        v_product := catalog.lock_product(v_tenant_id, (v_line ->> 'product_id')::uuid);
        v_quantity := catalog.check_quantity(v_product, (v_line ->> 'quantity')::numeric, format('line %s quantity', v_n));
        IF v_line ? 'unit_price_minor' THEN
            IF jsonb_typeof(v_line -> 'unit_price_minor') IS DISTINCT FROM 'number'
               OR (v_line ->> 'unit_price_minor')::numeric < 0
               OR (v_line ->> 'unit_price_minor')::numeric <> trunc((v_line ->> 'unit_price_minor')::numeric)
               OR (v_line ->> 'unit_price_minor')::numeric > 9223372036854775807 THEN
                RAISE EXCEPTION 'line % unit_price_minor must be a whole number, zero or more', v_n
                    USING ERRCODE = '22023', DETAIL = format('line %s: %s', v_n, left(v_line::text, 200)),
                          HINT = 'Prices are in minor units (cents).';
            END IF;
        END IF;
        v_price := sales.line_price(
            v_product, v_currency, (v_line ->> 'unit_price_minor')::bigint, format('line %s', v_n)
        );
        -- Each line's total, and the order's with it, fit the order's bigint columns.
        v_total := v_total + ops.require_amount(
            v_quantity * v_price, format('line %s total', v_n),
            format('line %s: quantity %s × unit_price_minor %s', v_n, v_quantity, v_price)
        );
        PERFORM ops.require_amount(
            v_total, 'the order total', format('lines 1 to %s, shipping and tax add up to %s', v_n, v_total)
        );
        INSERT INTO sales.sales_order_item (tenant_id, sales_order_id, product_id, quantity, unit_price_minor)
        VALUES (v_tenant_id, v_order_id, v_product.id, v_quantity, v_price);
    END LOOP;
    RETURN v_order_id;
END
$_$;


--
-- Name: FUNCTION create_sales_order(idempotency_key text, customer_id uuid, lines jsonb, currency character, shipping_minor bigint, tax_minor bigint, number text, shipping_address jsonb); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_sales_order(idempotency_key text, customer_id uuid, lines jsonb, currency character, shipping_minor bigint, tax_minor bigint, number text, shipping_address jsonb) IS 'Creates a pending sales order with its lines (JSON array of {product_id, quantity, unit_price_minor?}; the price defaults to the product''s list price) and returns its id; a retry with the same key returns the same order. Errors: 42501, 22023 bad lines/amounts/currency, a line or order total too large or a shipping_address nested 32 levels deep or an inactive customer or a line key it does not know, SD404 unknown customer or product, SD002.';


--
-- Name: create_supplier(text, text, text, text, jsonb, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_supplier(code text, name text, email text DEFAULT NULL::text, phone text DEFAULT NULL::text, address jsonb DEFAULT '{}'::jsonb, lead_time_days integer DEFAULT NULL::integer) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_supplier');
    PERFORM ops.require_shallow_json(create_supplier.address, 'address');
    PERFORM ops.require_text(create_supplier.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces.');
    PERFORM ops.require_text(create_supplier.name, 'name', '[^[:space:]]', 'Pass the supplier''s name.');
    PERFORM ops.require_email(create_supplier.email);
    IF jsonb_typeof(coalesce(create_supplier.address, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'address must be a JSON object' USING ERRCODE = '22023', HINT = 'Pass {"line1": …, "city": …}.';
    END IF;
    IF create_supplier.lead_time_days NOT BETWEEN 0 AND 3650 THEN
        RAISE EXCEPTION 'lead_time_days must be between 0 and 3650'
            USING ERRCODE = '22023', HINT = 'Pass the typical days from order to receipt, or NULL.';
    END IF;
    INSERT INTO procurement.supplier AS s (tenant_id, code, name, email, phone, address, lead_time_days)
    VALUES (v_tenant_id, create_supplier.code, create_supplier.name, create_supplier.email, create_supplier.phone,
            coalesce(create_supplier.address, '{}'), create_supplier.lead_time_days)
    RETURNING s.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_supplier(code text, name text, email text, phone text, address jsonb, lead_time_days integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_supplier(code text, name text, email text, phone text, address jsonb, lead_time_days integer) IS 'Creates a supplier and returns its id. Errors: 42501, 22023 bad code, name, email (at most 320 characters), address or lead time, 23505 code already used by a live supplier.';


--
-- Name: create_user(text, text, text, text, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_user(email text, role text, password text DEFAULT NULL::text, display_name text DEFAULT NULL::text, supplier_id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_user');
    IF create_user.email IS NULL OR create_user.email !~ '^[^@[:space:]]+@[^@[:space:]]+$' THEN
        RAISE EXCEPTION 'email is not an email address'
            USING ERRCODE = '22023', DETAIL = format('email => %s.', ops.quoted_excerpt(create_user.email)),
                  HINT = 'Pass an address such as ann@example.com.';
    END IF;
    PERFORM ops.require_length(create_user.email, 'email', 320);
    PERFORM auth.require_role(create_user.role);
    IF (create_user.role = 'partner') <> (create_user.supplier_id IS NOT NULL) THEN
        RAISE EXCEPTION 'a partner, and only a partner, belongs to a supplier'
            USING ERRCODE = '22023',
                  DETAIL = format('role => %L, supplier_id => %s.', create_user.role,
                                  coalesce(create_user.supplier_id::text, 'NULL')),
                  HINT = 'Pass supplier_id for a partner (the supplier whose purchase orders it sees), '
                         'and for no other role.';
    END IF;
    IF create_user.supplier_id IS NOT NULL THEN
        PERFORM procurement.require_supplier(v_tenant_id, create_user.supplier_id);
    END IF;
    IF EXISTS (
        SELECT 1 FROM auth.app_user AS u
        WHERE u.tenant_id = v_tenant_id AND lower(u.email) = lower(create_user.email)
    ) THEN
        RAISE EXCEPTION 'a user with email % exists', create_user.email
            USING ERRCODE = '23505', DETAIL = 'Emails are unique per tenant, compared case-insensitively.',
                  HINT = 'Use the existing user, or another address.';
    END IF;
    INSERT INTO auth.app_user AS u (tenant_id, email, display_name, role, password_hash, supplier_id)
    VALUES (
        v_tenant_id, create_user.email, create_user.display_name, create_user.role::auth.user_role,
        CASE WHEN create_user.password IS NOT NULL THEN auth.hash_password(create_user.password) END,
        create_user.supplier_id
    )
    RETURNING u.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_user(email text, role text, password text, display_name text, supplier_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_user(email text, role text, password text, display_name text, supplier_id uuid) IS 'Creates an application user of the tenant and returns its id; the password (at least 12 characters, at most 72 bytes) is stored as a bcrypt hash, and a user without one cannot authenticate. A partner names the supplier whose purchase orders it sees (supplier_id), and only a partner does. Admins or system work only. Errors: 42501, 22023 bad email (at most 320 characters), role, password or supplier_id for the role, SD404 unknown supplier, 23505 email already used.';


--
-- Name: create_warehouse(text, text, jsonb, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.create_warehouse(code text, name text, address jsonb DEFAULT '{}'::jsonb, timezone text DEFAULT 'UTC'::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.create_warehouse');
    PERFORM ops.require_shallow_json(create_warehouse.address, 'address');
    PERFORM ops.require_text(create_warehouse.code, 'code', '^[[:graph:]]{1,32}$', 'Pass a short code without spaces, such as ''BER-1''.');
    PERFORM ops.require_text(create_warehouse.name, 'name', '[^[:space:]]', 'Pass the warehouse''s name.');
    IF jsonb_typeof(coalesce(create_warehouse.address, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'address must be a JSON object'
            USING ERRCODE = '22023', HINT = 'Pass {"line1": …, "city": …, "postcode": …, "country": …}.';
    END IF;
    -- Bounded before it goes into the message (a 100,000-character one came back whole).
    PERFORM ops.require_length(create_warehouse.timezone, 'timezone', 100);
    IF create_warehouse.timezone IS NULL OR NOT ops.is_valid_timezone(create_warehouse.timezone) THEN
        RAISE EXCEPTION 'unknown time zone %', coalesce(create_warehouse.timezone, 'NULL')
            USING ERRCODE = '22023', HINT = 'Pass an IANA time zone such as ''Europe/Berlin''.';
    END IF;
    INSERT INTO warehouse.warehouse AS w (tenant_id, code, name, address, timezone)
    VALUES (v_tenant_id, create_warehouse.code, create_warehouse.name, coalesce(create_warehouse.address, '{}'),
            create_warehouse.timezone)
    RETURNING w.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION create_warehouse(code text, name text, address jsonb, timezone text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.create_warehouse(code text, name text, address jsonb, timezone text) IS 'Creates a warehouse and returns its id. Errors: 42501, 22023 bad code, name, address or time zone, 23505 code already used by the tenant.';


--
-- Name: delete_category(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_category(category_id uuid, version integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_category catalog.product_category;
    v_children bigint;
    v_sku text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_category');
    -- The tree before the row, as every change of the tree takes them: a
    -- category being added under this one waits, or is seen below.
    PERFORM catalog.lock_category_tree(v_tenant_id);
    -- FOR UPDATE waits for a product being made or moved into it (which holds
    -- the category FOR KEY SHARE), so the check below sees that product.
    SELECT c.* INTO v_category
    FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = delete_category.category_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'category % not found', delete_category.category_id
            USING ERRCODE = 'SD404', DETAIL = 'No category with this id belongs to the calling tenant.',
                  HINT = 'Check the id (report.categories).';
    END IF;
    PERFORM ops.check_version('product_category', v_category.id, delete_category.version, v_category.version);
    SELECT count(*) INTO v_children
    FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.parent_id = v_category.id;
    IF v_children > 0 THEN
        RAISE EXCEPTION 'category % has % subcategories', v_category.name, v_children
            USING ERRCODE = '22023', DETAIL = 'A category goes only once nothing is filed under it.',
                  HINT = 'Move (api.update_category) or delete its subcategories first.';
    END IF;
    SELECT p.sku INTO v_sku
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.category_id = v_category.id AND p.deleted_at IS NULL
    ORDER BY p.sku
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'category % holds product %', v_category.name, v_sku
            USING ERRCODE = '22023', DETAIL = 'A category goes only once nothing is filed under it.',
                  HINT = 'Move its products to another category (api.update_product) first.';
    END IF;
    UPDATE catalog.product AS p SET category_id = NULL
    WHERE p.tenant_id = v_tenant_id AND p.category_id = v_category.id AND p.deleted_at IS NOT NULL;
    DELETE FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = v_category.id;
END
$$;


--
-- Name: FUNCTION delete_category(category_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.delete_category(category_id uuid, version integer) IS 'Deletes a category at the version the caller read; a deleted product filed under it loses the link. Errors: 42501, 22023 no version, subcategories or a live product under it, SD404 unknown category, SD004 stale version.';


--
-- Name: delete_customer(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_customer(customer_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_customer sales.customer;
    v_order text;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_customer');
    -- FOR UPDATE waits for an order being taken from it (which holds the
    -- customer FOR KEY SHARE), so the check below sees that order.
    SELECT c.* INTO v_customer
    FROM sales.customer AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = delete_customer.customer_id AND c.deleted_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % not found', delete_customer.customer_id
            USING ERRCODE = 'SD404', DETAIL = 'No live customer with this id belongs to the calling tenant.',
                  HINT = 'Check the id; a deleted customer stays deleted.';
    END IF;
    PERFORM ops.check_version('customer', v_customer.id, delete_customer.version, v_customer.version);
    -- A shipped order needs nothing more of its customer (its delivery, or
    -- none if the parcel is lost, only closes it), so it does not hold this up.
    SELECT so.number INTO v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = v_tenant_id AND so.customer_id = v_customer.id
      AND so.status IN ('pending', 'approved', 'processing')
    ORDER BY so.number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'customer % has open sales order %', v_customer.code, v_order
            USING ERRCODE = '22023', HINT = 'Ship or cancel its open sales orders first.';
    END IF;
    UPDATE sales.customer AS c SET deleted_at = greatest(now(), c.updated_at)
    WHERE c.tenant_id = v_tenant_id AND c.id = v_customer.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION delete_customer(customer_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.delete_customer(customer_id uuid, version integer) IS 'Soft-deletes a customer at the version the caller read and returns the new version: it is no longer found (SD404), its code may be used again, and its orders stay. Errors: 42501, 22023 no version or an open (pending, approved, processing) sales order, SD404 unknown or already deleted, SD004 stale version.';


--
-- Name: delete_product(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_product(product_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_product catalog.product;
    v_stock record;
    v_order text;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_product');
    -- FOR UPDATE, not the NO KEY UPDATE the UPDATE below takes: it waits for
    -- the calls under way that hold the product FOR KEY SHARE (a receipt, an
    -- order line), so the checks below see what they wrote, and the calls
    -- after it wait and then find no product.
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = delete_product.product_id AND p.deleted_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % not found', delete_product.product_id
            USING ERRCODE = 'SD404', DETAIL = 'No live product with this id belongs to the calling tenant.',
                  HINT = 'Check the id; a deleted product stays deleted.';
    END IF;
    PERFORM ops.check_version('product', v_product.id, delete_product.version, v_product.version);

    SELECT sum(i.on_hand) AS on_hand, sum(i.reserved) AS reserved, count(*) AS places INTO v_stock
    FROM inventory.inventory AS i
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND i.deleted_at IS NULL
      AND (i.on_hand <> 0 OR i.reserved <> 0);
    IF v_stock.places > 0 THEN
        RAISE EXCEPTION 'product % still has stock', v_product.sku
            USING ERRCODE = '22023',
                  DETAIL = format('On hand %s, reserved %s, in %s balance row(s).',
                                  trim_scale(v_stock.on_hand), trim_scale(v_stock.reserved), v_stock.places),
                  HINT = 'Ship, transfer or write the stock off (an adjustment) and release its reservations first.';
    END IF;
    SELECT po.number INTO v_order
    FROM procurement.purchase_order_item AS i
    JOIN procurement.purchase_order AS po ON po.tenant_id = i.tenant_id AND po.id = i.purchase_order_id
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND po.status IN ('draft', 'ordered', 'partial')
    ORDER BY po.number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'product % is on open purchase order %', v_product.sku, v_order
            USING ERRCODE = '22023',
                  HINT = 'Receive or cancel the purchase order first.';
    END IF;
    SELECT so.number INTO v_order
    FROM sales.sales_order_item AS i
    JOIN sales.sales_order AS so ON so.tenant_id = i.tenant_id AND so.id = i.sales_order_id
    WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id
      AND so.status IN ('pending', 'approved', 'processing')
    ORDER BY so.number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'product % is on open sales order %', v_product.sku, v_order
            USING ERRCODE = '22023',
                  HINT = 'Ship or cancel the sales order first.';
    END IF;

    UPDATE catalog.product AS p SET deleted_at = greatest(now(), p.updated_at)
    WHERE p.tenant_id = v_tenant_id AND p.id = v_product.id
    RETURNING p.version INTO v_version;
    -- Its out-of-stock (or low-stock) alerts cleared only on a movement, and a
    -- deleted product has none: they stayed open for good.
    PERFORM audit.set_alert(s.tenant_id, s.alert_type, s.subject, false, s.details)
    FROM audit.alert_state AS s
    WHERE s.tenant_id = v_tenant_id AND s.active AND s.details ->> 'product_id' = v_product.id::text
    ORDER BY s.alert_type, s.subject;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION delete_product(product_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.delete_product(product_id uuid, version integer) IS 'Soft-deletes a product at the version the caller read and returns the new version: every call then finds no such product (SD404), its SKU may be used again, its open alerts are resolved, and its ledger and documents stay. Errors: 42501, 22023 no version, stock on hand or reserved, a line on an open purchase or sales order, SD404 unknown or already deleted, SD004 stale version.';


--
-- Name: delete_supplier(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.delete_supplier(supplier_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_supplier procurement.supplier;
    v_order text;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.delete_supplier');
    -- FOR UPDATE waits for an order being made to it (which holds the supplier
    -- FOR KEY SHARE), so the check below sees that order.
    SELECT s.* INTO v_supplier
    FROM procurement.supplier AS s
    WHERE s.tenant_id = v_tenant_id AND s.id = delete_supplier.supplier_id AND s.deleted_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supplier % not found', delete_supplier.supplier_id
            USING ERRCODE = 'SD404', DETAIL = 'No live supplier with this id belongs to the calling tenant.',
                  HINT = 'Check the id; a deleted supplier stays deleted.';
    END IF;
    PERFORM ops.check_version('supplier', v_supplier.id, delete_supplier.version, v_supplier.version);
    SELECT po.number INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = v_tenant_id AND po.supplier_id = v_supplier.id AND po.status IN ('draft', 'ordered', 'partial')
    ORDER BY po.number
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'supplier % has open purchase order %', v_supplier.code, v_order
            USING ERRCODE = '22023', HINT = 'Receive or cancel its open purchase orders first.';
    END IF;
    UPDATE procurement.supplier AS s SET deleted_at = greatest(now(), s.updated_at)
    WHERE s.tenant_id = v_tenant_id AND s.id = v_supplier.id
    RETURNING s.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION delete_supplier(supplier_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.delete_supplier(supplier_id uuid, version integer) IS 'Soft-deletes a supplier at the version the caller read and returns the new version: it is no longer found (SD404), not proposed for reordering, its code may be used again, and its orders stay. Errors: 42501, 22023 no version or an open (draft, ordered, partial) purchase order, SD404 unknown or already deleted, SD004 stale version.';


--
-- Name: fulfil_reservation(text, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.fulfil_reservation(idempotency_key text, reservation_id uuid) RETURNS uuid[]
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_issued uuid[];
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.fulfil_reservation');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, fulfil_reservation.idempotency_key, 'api.fulfil_reservation',
        jsonb_build_object('reservation_id', fulfil_reservation.reservation_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN ARRAY(SELECT jsonb_array_elements_text(v_claim.previous_result -> 'movement_ids')::uuid);
    END IF;
    IF fulfil_reservation.reservation_id IS NULL THEN
        RAISE EXCEPTION 'reservation_id must not be null'
            USING ERRCODE = '22023', HINT = 'Pass the id returned by api.reserve_stock.';
    END IF;
    PERFORM sales.require_unordered_reservation(v_tenant_id, fulfil_reservation.reservation_id, 'fulfilled');
    v_issued := inventory.close_reservation(
        v_tenant_id, fulfil_reservation.reservation_id, 'fulfilled', fulfil_reservation.idempotency_key
    );
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('movement_ids', to_jsonb(v_issued)));
    RETURN v_issued;
END
$$;


--
-- Name: FUNCTION fulfil_reservation(idempotency_key text, reservation_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.fulfil_reservation(idempotency_key text, reservation_id uuid) IS 'Fulfils an active reservation: releases and issues (sale_issue) exactly its reserved batches at their locations; returns the sale_issue movement ids. Errors: 42501, 22023 (also a sales order''s reservation, which api.ship_sales_order fulfils), SD404, SD003 not active, SD005 a reserved batch is on hold (api.hold_batch), SD002.';


--
-- Name: hold_batch(uuid, integer, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.hold_batch(batch_id uuid, version integer, reason text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch catalog.product_batch;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.hold_batch');
    IF coalesce(btrim(hold_batch.reason), '') = '' THEN
        RAISE EXCEPTION 'a hold needs a reason'
            USING ERRCODE = '22023', DETAIL = format('reason => %s.', ops.quoted_excerpt(hold_batch.reason)),
                  HINT = 'Say why the batch is held (recall, quality check, …).';
    END IF;
    -- Under the product's stock locks: a reservation or issue under way ends
    -- before the hold, and every one after it sees the hold.
    v_batch := catalog.lock_batch(v_tenant_id, hold_batch.batch_id, hold_batch.version);
    UPDATE catalog.product_batch AS b
    SET held_at = coalesce(b.held_at, now()), hold_reason = hold_batch.reason
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION hold_batch(batch_id uuid, version integer, reason text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.hold_batch(batch_id uuid, version integer, reason text) IS 'Puts a batch on hold (a quality check, a recall) with a reason, at the version the caller read, and returns its new version: allocation passes over it in every warehouse, and its reserved stock is not issued (SD005) nor consumed until api.lift_batch_hold; it can still be moved, counted, written off and returned. Holding a held batch changes the reason and keeps held_at. Errors: 42501, 22023 no reason or no version, SD404 unknown batch, SD004 stale version.';


--
-- Name: issue_refresh_token(uuid, interval); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.issue_refresh_token(user_id uuid DEFAULT NULL::uuid, ttl interval DEFAULT '30 days'::interval) RETURNS TABLE(refresh_token text, expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
#variable_conflict use_column
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_user uuid := coalesce(issue_refresh_token.user_id, auth.current_user_id());
    v_token record;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.issue_refresh_token');
    IF v_user IS NULL THEN
        RAISE EXCEPTION 'no user to issue a token to'
            USING ERRCODE = '22023', DETAIL = 'user_id is NULL and the context names no user.',
                  HINT = 'Pass the id api.authenticate returned.';
    END IF;
    IF v_user IS DISTINCT FROM auth.current_user_id() THEN
        PERFORM auth.require_admin(v_tenant_id, 'issue tokens to another user');
    END IF;
    IF issue_refresh_token.ttl IS NULL OR issue_refresh_token.ttl < interval '1 minute'
       OR issue_refresh_token.ttl > interval '365 days' THEN
        RAISE EXCEPTION 'ttl must be between 1 minute and 365 days'
            USING ERRCODE = '22023', DETAIL = format('ttl => %L.', issue_refresh_token.ttl),
                  HINT = 'Leave it at its default of 30 days.';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u WHERE u.tenant_id = v_tenant_id AND u.id = v_user AND u.active
    ) THEN
        RAISE EXCEPTION 'user % not found', v_user
            USING ERRCODE = 'SD404', DETAIL = 'No active user of this tenant has this id.',
                  HINT = 'Pass the id api.authenticate returned.';
    END IF;
    SELECT * INTO v_token
    FROM auth.new_refresh_token(v_tenant_id, v_user, ops.uuid_v7(), now() + issue_refresh_token.ttl);
    RETURN QUERY SELECT v_token.refresh_token, now() + issue_refresh_token.ttl;
END
$$;


--
-- Name: FUNCTION issue_refresh_token(user_id uuid, ttl interval); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.issue_refresh_token(user_id uuid, ttl interval) IS 'Issues a refresh token (a new family) to a user, by default the context''s, and returns it with its expiry; it is returned once and only its SHA-256 is kept. Another user''s needs an admin or system work. Errors: 42501, 22023 no user or ttl outside 1 minute..365 days, SD404 no such active user.';


--
-- Name: lift_batch_hold(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.lift_batch_hold(batch_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch catalog.product_batch;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.lift_batch_hold');
    v_batch := catalog.lock_batch(v_tenant_id, lift_batch_hold.batch_id, lift_batch_hold.version);
    IF v_batch.held_at IS NULL THEN
        RAISE EXCEPTION 'batch % is not on hold', v_batch.batch_number
            USING ERRCODE = '22023', HINT = 'Check the batch (report.batches, held_at).';
    END IF;
    UPDATE catalog.product_batch AS b
    SET held_at = NULL, hold_reason = NULL
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION lift_batch_hold(batch_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.lift_batch_hold(batch_id uuid, version integer) IS 'Lifts a batch''s hold (api.hold_batch) at the version the caller read and returns its new version: it is allocated, issued and consumed again. Errors: 42501, 22023 not on hold or no version, SD404 unknown batch, SD004 stale version.';


--
-- Name: list_users(); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.list_users() RETURNS TABLE(user_id uuid, email text, display_name text, role auth.user_role, active boolean, supplier_id uuid, last_login_at timestamp with time zone, locked_until timestamp with time zone, version integer, created_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.list_users');
    RETURN QUERY
    SELECT u.id, u.email, u.display_name, u.role, u.active, u.supplier_id, u.last_login_at,
           u.locked_until, u.version, u.created_at
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id
    ORDER BY lower(u.email);
END
$$;


--
-- Name: FUNCTION list_users(); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.list_users() IS 'The tenant''s users, by email: role, active, a partner''s supplier, last login, a login lock, and version (what api.update_user takes). Admins or system work only. Errors: 42501.';


--
-- Name: receive_purchase_order_item(text, uuid, uuid, numeric, text, date, date); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.receive_purchase_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_number text DEFAULT NULL::text, expiry_date date DEFAULT NULL::date, manufacture_date date DEFAULT NULL::date) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_movement_id uuid := ops.uuid_v7();
    v_claim record;
    v_item procurement.purchase_order_item;
    v_order procurement.purchase_order;
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_open numeric;
    v_all_received boolean;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.receive_purchase_order_item');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, receive_purchase_order_item.idempotency_key, 'api.receive_purchase_order_item',
        jsonb_build_object(
            'item_id', receive_purchase_order_item.item_id, 'location_id', receive_purchase_order_item.location_id,
            'quantity', trim_scale(receive_purchase_order_item.quantity), 'batch_number', receive_purchase_order_item.batch_number,
            'expiry_date', receive_purchase_order_item.expiry_date,
            'manufacture_date', receive_purchase_order_item.manufacture_date
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    SELECT i.* INTO v_item
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = receive_purchase_order_item.item_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'purchase order item % not found', receive_purchase_order_item.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No purchase order line with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.add_purchase_order_item.';
    END IF;
    v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
    v_location := warehouse.require_location(v_tenant_id, receive_purchase_order_item.location_id);
    PERFORM catalog.check_quantity(v_product, receive_purchase_order_item.quantity, 'quantity');
    IF receive_purchase_order_item.manufacture_date > receive_purchase_order_item.expiry_date THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023', HINT = 'Check the dates on the label.';
    END IF;

    -- Stock locks first, then the document: the order every function keeps.
    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    SELECT po.* INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = v_tenant_id AND po.id = v_item.purchase_order_id
    FOR UPDATE;
    IF v_order.status NOT IN ('ordered', 'partial') THEN
        RAISE EXCEPTION 'purchase order % is %: nothing can be received on it', v_order.number, v_order.status
            USING ERRCODE = 'SD003', HINT = 'Submit a draft first; a received or cancelled order takes no more goods.';
    END IF;
    SELECT i.* INTO v_item
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id
    FOR UPDATE;
    v_open := v_item.quantity_ordered - v_item.quantity_received;
    IF receive_purchase_order_item.quantity > v_open THEN
        RAISE EXCEPTION 'over-receipt of % on purchase order %', v_product.sku, v_order.number
            USING ERRCODE = '22023',
                  DETAIL = format('ordered %s, received %s, open %s, now %s', v_item.quantity_ordered,
                                  v_item.quantity_received, v_open, receive_purchase_order_item.quantity),
                  HINT = 'Receive at most the open quantity; the surplus needs a new purchase order or a return.';
    END IF;

    IF receive_purchase_order_item.batch_number IS NOT NULL THEN
        v_batch := catalog.find_or_create_batch(
            v_tenant_id, v_product, receive_purchase_order_item.batch_number,
            receive_purchase_order_item.manufacture_date, receive_purchase_order_item.expiry_date,
            v_item.unit_cost_minor, v_order.currency
        );
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, 'purchase_receipt', v_product.id, v_batch.id, v_location.id, receive_purchase_order_item.quantity,
        'purchase_order_item', v_item.id, NULL, receive_purchase_order_item.idempotency_key, v_movement_id
    );
    UPDATE procurement.purchase_order_item AS i
    SET quantity_received = i.quantity_received + receive_purchase_order_item.quantity
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;

    SELECT bool_and(i.quantity_received = i.quantity_ordered) INTO v_all_received
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.purchase_order_id = v_order.id;
    IF v_all_received THEN
        UPDATE procurement.purchase_order AS po SET status = 'received', received_at = greatest(now(), po.ordered_at)
        WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id;
    ELSIF v_order.status = 'ordered' THEN
        UPDATE procurement.purchase_order AS po SET status = 'partial'
        WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id;
    END IF;
    RETURN v_movement_id;
END
$$;


--
-- Name: FUNCTION receive_purchase_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.receive_purchase_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date) IS 'Receives quantity of a purchase order line into a location (creating the batch, costed from the line), keeps quantity_received and the order status (partial, received) right, and returns the movement id. Errors: 42501, 22023 (over-receipt, no room in a location with a capacity, bad quantity or dates, a batch_number blank, with blanks around it or over 100 characters), SD404, SD003 order not ordered/partial, SD002.';


--
-- Name: receive_stock(text, uuid, uuid, numeric, text, date, date, bigint, inventory.stock_movement_type, character); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.receive_stock(idempotency_key text, product_id uuid, location_id uuid, quantity numeric, batch_number text DEFAULT NULL::text, expiry_date date DEFAULT NULL::date, manufacture_date date DEFAULT NULL::date, unit_cost_minor bigint DEFAULT NULL::bigint, movement_type inventory.stock_movement_type DEFAULT 'purchase_receipt'::inventory.stock_movement_type, currency character DEFAULT NULL::bpchar) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_currency char(3);
    v_movement_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.receive_stock');
    PERFORM ops.require_currency(receive_stock.currency, 'currency');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, receive_stock.idempotency_key, 'api.receive_stock',
        jsonb_build_object(
            'product_id', receive_stock.product_id, 'location_id', receive_stock.location_id,
            'quantity', trim_scale(receive_stock.quantity), 'batch_number', receive_stock.batch_number,
            'expiry_date', receive_stock.expiry_date, 'manufacture_date', receive_stock.manufacture_date,
            'unit_cost_minor', receive_stock.unit_cost_minor, 'movement_type', receive_stock.movement_type,
            'currency', receive_stock.currency
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, receive_stock.product_id);
    v_location := warehouse.require_location(v_tenant_id, receive_stock.location_id);
    PERFORM catalog.check_quantity(v_product, receive_stock.quantity, 'quantity');
    IF receive_stock.movement_type IS NULL OR receive_stock.movement_type NOT IN ('purchase_receipt', 'returned') THEN
        RAISE EXCEPTION 'receive_stock takes movement_type purchase_receipt or returned'
            USING ERRCODE = '22023',
                  DETAIL = format('movement_type => %s.', coalesce(receive_stock.movement_type::text, 'NULL')),
                  HINT = 'Use api.record_movement for adjustments and consumption.';
    END IF;
    IF receive_stock.batch_number IS NULL
       AND (receive_stock.expiry_date IS NOT NULL OR receive_stock.manufacture_date IS NOT NULL OR receive_stock.unit_cost_minor IS NOT NULL) THEN
        RAISE EXCEPTION 'expiry_date, manufacture_date and unit_cost_minor belong to a batch'
            USING ERRCODE = '22023', HINT = 'Pass batch_number too.';
    END IF;
    IF receive_stock.manufacture_date > receive_stock.expiry_date THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023',
                  DETAIL = format('manufacture_date %s, expiry_date %s.', receive_stock.manufacture_date, receive_stock.expiry_date),
                  HINT = 'Check the dates on the label.';
    END IF;
    IF receive_stock.unit_cost_minor < 0 THEN
        RAISE EXCEPTION 'unit_cost_minor must not be negative'
            USING ERRCODE = '22023', DETAIL = format('unit_cost_minor => %s.', receive_stock.unit_cost_minor),
                  HINT = 'Pass the cost of one unit in minor units of the currency.';
    END IF;

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);

    IF receive_stock.batch_number IS NOT NULL THEN
        v_currency := coalesce(receive_stock.currency, v_product.currency);
        IF receive_stock.unit_cost_minor IS NOT NULL AND v_currency IS NULL THEN
            RAISE EXCEPTION 'unit_cost_minor needs a currency'
                USING ERRCODE = '22023',
                      DETAIL = format('Product %s has no currency of its own.', v_product.sku),
                      HINT = 'Pass currency => ''EUR'' (or the cost''s ISO 4217 code).';
        END IF;
        v_batch := catalog.find_or_create_batch(
            v_tenant_id, v_product, receive_stock.batch_number, receive_stock.manufacture_date,
            receive_stock.expiry_date, receive_stock.unit_cost_minor, v_currency
        );
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, receive_stock.movement_type, v_product.id, v_batch.id, v_location.id,
        receive_stock.quantity, NULL, NULL, NULL, receive_stock.idempotency_key,
        v_movement_id
    );
    RETURN v_movement_id;
END
$$;


--
-- Name: FUNCTION receive_stock(idempotency_key text, product_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date, unit_cost_minor bigint, movement_type inventory.stock_movement_type, currency character); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.receive_stock(idempotency_key text, product_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date, unit_cost_minor bigint, movement_type inventory.stock_movement_type, currency character) IS 'Receives quantity of a product into a location (purchase_receipt, or returned), creating the batch when batch_number is new; returns the movement id. A retry with the same idempotency_key returns the first movement. Errors: 42501 no context, 22023 bad argument (a batch_number blank, with blanks around it or over 100 characters too, or no room in a location with a capacity), SD404 unknown product or location, SD002 key reused with other arguments.';


--
-- Name: record_demand_forecast(uuid, uuid, date, date, numeric, text, numeric); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_demand_forecast(product_id uuid, warehouse_id uuid, period_start date, period_end date, forecast_quantity numeric, model_name text DEFAULT 'manual'::text, confidence numeric DEFAULT NULL::numeric) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_product catalog.product;
    v_warehouse warehouse.warehouse;
    v_id uuid;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.record_demand_forecast');
    v_product := catalog.require_product(v_tenant_id, record_demand_forecast.product_id);
    v_warehouse := warehouse.require_warehouse(v_tenant_id, record_demand_forecast.warehouse_id);
    IF NOT isfinite(record_demand_forecast.period_start) OR NOT isfinite(record_demand_forecast.period_end)
       OR record_demand_forecast.period_end <= record_demand_forecast.period_start THEN
        RAISE EXCEPTION 'the period must end after it starts'
            USING ERRCODE = '22023',
                  DETAIL = format('period_start => %s, period_end => %s.',
                                  coalesce(record_demand_forecast.period_start::text, 'NULL'),
                                  coalesce(record_demand_forecast.period_end::text, 'NULL')),
                  HINT = 'period_end is the first day after the period: 2027-01-01 to 2027-02-01 is January.';
    END IF;
    PERFORM ops.require_finite(record_demand_forecast.forecast_quantity, 'forecast_quantity');
    IF record_demand_forecast.forecast_quantity IS NULL OR record_demand_forecast.forecast_quantity < 0
       OR record_demand_forecast.forecast_quantity >= 100000000000 THEN
        RAISE EXCEPTION 'forecast_quantity must be zero or more, below 100000000000'
            USING ERRCODE = '22023',
                  DETAIL = format('forecast_quantity => %s.', coalesce(record_demand_forecast.forecast_quantity::text, 'NULL')),
                  HINT = 'Pass the demand expected over the whole period, in the product''s unit.';
    END IF;
    PERFORM ops.require_text(
        record_demand_forecast.model_name, 'model_name', '^[[:graph:]]{1,64}$',
        'Pass a short name without spaces for the model, such as ''manual'' or ''arima-weekly''.'
    );
    PERFORM ops.require_finite(record_demand_forecast.confidence, 'confidence');
    IF NOT record_demand_forecast.confidence BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'confidence must be between 0 and 1'
            USING ERRCODE = '22023', DETAIL = format('confidence => %s.', record_demand_forecast.confidence),
                  HINT = 'Pass the model''s confidence as a fraction, or NULL.';
    END IF;

    -- A model publishes its forecasts again as it learns: the new one replaces
    -- those of the same model it overlaps. Two publications of one model for
    -- one product and warehouse take turns, or the second found the first's
    -- row only once it was committed and failed on the exclusion constraint.
    PERFORM pg_advisory_xact_lock(hashtextextended(
        'planning.demand_forecast/' || v_tenant_id || '/' || v_product.id || '/' || v_warehouse.id
        || '/' || record_demand_forecast.model_name,
        0
    ));
    -- The same forecast sent again changes nothing (not even which model is newest).
    SELECT df.id INTO v_id
    FROM planning.demand_forecast AS df
    WHERE df.tenant_id = v_tenant_id AND df.product_id = v_product.id AND df.warehouse_id = v_warehouse.id
      AND df.model_name = record_demand_forecast.model_name
      AND df.period_start = record_demand_forecast.period_start AND df.period_end = record_demand_forecast.period_end
      AND df.forecast_quantity = record_demand_forecast.forecast_quantity
      AND df.confidence IS NOT DISTINCT FROM record_demand_forecast.confidence;
    IF FOUND THEN
        RETURN v_id;
    END IF;
    DELETE FROM planning.demand_forecast AS df
    WHERE df.tenant_id = v_tenant_id AND df.product_id = v_product.id AND df.warehouse_id = v_warehouse.id
      AND df.model_name = record_demand_forecast.model_name
      AND daterange(df.period_start, df.period_end)
          && daterange(record_demand_forecast.period_start, record_demand_forecast.period_end);
    INSERT INTO planning.demand_forecast AS df (
        tenant_id, product_id, warehouse_id, period_start, period_end, forecast_quantity, model_name, confidence
    )
    VALUES (
        v_tenant_id, v_product.id, v_warehouse.id, record_demand_forecast.period_start,
        record_demand_forecast.period_end, record_demand_forecast.forecast_quantity,
        record_demand_forecast.model_name, record_demand_forecast.confidence
    )
    RETURNING df.id INTO v_id;
    RETURN v_id;
END
$_$;


--
-- Name: FUNCTION record_demand_forecast(product_id uuid, warehouse_id uuid, period_start date, period_end date, forecast_quantity numeric, model_name text, confidence numeric); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.record_demand_forecast(product_id uuid, warehouse_id uuid, period_start date, period_end date, forecast_quantity numeric, model_name text, confidence numeric) IS 'Records a model''s forecast of a product''s demand in a warehouse over [period_start, period_end) and returns its id; it replaces the forecasts of the same model whose periods it overlaps, and the same forecast sent again returns the recorded one. report.reorder_suggestions reads the newest model''s. Errors: 42501, 22023 an empty or infinite period, a quantity below 0 or too large, a bad model_name, a confidence outside 0 to 1, an inactive product or warehouse, SD404 unknown product or warehouse.';


--
-- Name: record_movement(text, inventory.stock_movement_type, uuid, uuid, numeric, uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.record_movement(idempotency_key text, movement_type inventory.stock_movement_type, product_id uuid, location_id uuid, quantity numeric, batch_id uuid DEFAULT NULL::uuid, reason text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_product catalog.product;
    v_location warehouse.location;
    v_batch catalog.product_batch;
    v_signed numeric;
    v_available numeric;
    v_movement_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.record_movement');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, record_movement.idempotency_key, 'api.record_movement',
        jsonb_build_object(
            'movement_type', record_movement.movement_type, 'product_id', record_movement.product_id,
            'location_id', record_movement.location_id, 'quantity', trim_scale(record_movement.quantity),
            'batch_id', record_movement.batch_id, 'reason', record_movement.reason
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    IF record_movement.movement_type IS NULL
       OR record_movement.movement_type NOT IN ('adjustment', 'consumption', 'returned') THEN
        RAISE EXCEPTION 'record_movement takes movement_type adjustment, consumption or returned'
            USING ERRCODE = '22023',
                  DETAIL = format('movement_type => %s.', coalesce(record_movement.movement_type::text, 'NULL')),
                  HINT = 'Receipts go through api.receive_stock, transfers through api.transfer_stock, '
                         'reservations through api.reserve_stock.';
    END IF;
    v_product := catalog.lock_product(v_tenant_id, record_movement.product_id);
    v_location := warehouse.require_location(v_tenant_id, record_movement.location_id);
    IF record_movement.movement_type = 'adjustment' THEN
        IF record_movement.reason IS NULL OR btrim(record_movement.reason) = '' THEN
            RAISE EXCEPTION 'an adjustment needs a reason'
                USING ERRCODE = '22023', HINT = 'Say why stock is corrected (damaged, found, miscount, …).';
        END IF;
        PERFORM catalog.check_quantity(v_product, abs(record_movement.quantity), 'quantity');
        v_signed := record_movement.quantity;
    ELSE
        -- consumption and returned take a positive amount; the type gives the sign.
        PERFORM catalog.check_quantity(v_product, record_movement.quantity, 'quantity');
        v_signed := CASE record_movement.movement_type WHEN 'consumption' THEN -record_movement.quantity
                         ELSE record_movement.quantity END;
    END IF;
    IF record_movement.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(v_tenant_id, v_product.id, record_movement.batch_id);
        IF record_movement.movement_type = 'consumption'
           AND v_batch.expiry_date < (now() AT TIME ZONE (
               SELECT w.timezone FROM warehouse.warehouse AS w
               WHERE w.tenant_id = v_tenant_id AND w.id = v_location.warehouse_id
           ))::date THEN
            RAISE EXCEPTION 'batch % of % expired on %', v_batch.batch_number, v_product.sku, v_batch.expiry_date
                USING ERRCODE = 'SD005',
                      DETAIL = format('Consumption of an expired batch at location %s.', v_location.code),
                      HINT = 'Write expired stock off with an adjustment, or choose another batch.';
        END IF;
    END IF;

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- Read again under the lock, which api.hold_batch takes too.
    IF record_movement.movement_type = 'consumption' AND EXISTS (
        SELECT FROM catalog.product_batch AS b
        WHERE b.tenant_id = v_tenant_id AND b.id = record_movement.batch_id AND b.held_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'batch % of % is on hold', v_batch.batch_number, v_product.sku
            USING ERRCODE = 'SD005', DETAIL = format('Consumption of a held batch at location %s.', v_location.code),
                  HINT = 'Choose another batch, write the held stock off with an adjustment, or lift the hold '
                         '(api.lift_batch_hold).';
    END IF;
    IF v_signed < 0 THEN
        v_available := inventory.available_at(v_tenant_id, v_product.id, v_batch.id, v_location.id);
        IF v_available < -v_signed AND v_batch.id IS NULL AND EXISTS (
            SELECT 1 FROM inventory.inventory AS i
            WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id AND i.location_id = v_location.id
              AND i.batch_id IS NOT NULL AND i.deleted_at IS NULL AND i.on_hand > 0
        ) THEN
            RAISE EXCEPTION 'batch_id is required: % is held in batches at %', v_product.sku, v_location.code
                USING ERRCODE = '22023',
                      DETAIL = (
                          SELECT 'Available: ' || string_agg(format('%s %s', b.batch_number, i.available), ', ' ORDER BY b.batch_number)
                          FROM inventory.inventory AS i
                          JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
                          WHERE i.tenant_id = v_tenant_id AND i.product_id = v_product.id
                            AND i.location_id = v_location.id AND i.deleted_at IS NULL
                      ),
                      HINT = 'Say which batch the stock leaves from.';
        END IF;
        IF v_available < -v_signed THEN
            PERFORM inventory.raise_insufficient(
                v_product.sku, -v_signed, v_available,
                format('at location %s%s', v_location.code, coalesce(' in batch ' || v_batch.batch_number, ''))
            );
        END IF;
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, record_movement.movement_type, v_product.id, v_batch.id, v_location.id, v_signed,
        NULL, NULL, record_movement.reason, record_movement.idempotency_key,
        v_movement_id
    );
    RETURN v_movement_id;
END
$$;


--
-- Name: FUNCTION record_movement(idempotency_key text, movement_type inventory.stock_movement_type, product_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.record_movement(idempotency_key text, movement_type inventory.stock_movement_type, product_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text) IS 'Records an adjustment (signed quantity, reason required), consumption or returned (positive quantity) at one location and returns the movement id. Errors: 42501, 22023 (also a return beyond the location''s capacity), SD404, SD001 not enough available, SD005 consumption of an expired or held batch, SD002 key reused with other arguments.';


--
-- Name: release_reservation(text, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.release_reservation(idempotency_key text, reservation_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.release_reservation');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, release_reservation.idempotency_key, 'api.release_reservation',
        jsonb_build_object('reservation_id', release_reservation.reservation_id),
        '{}'::jsonb
    );
    IF v_claim.request_id IS NULL THEN
        RETURN;
    END IF;
    IF release_reservation.reservation_id IS NULL THEN
        RAISE EXCEPTION 'reservation_id must not be null'
            USING ERRCODE = '22023', HINT = 'Pass the id returned by api.reserve_stock.';
    END IF;
    PERFORM sales.require_unordered_reservation(v_tenant_id, release_reservation.reservation_id, 'released');
    PERFORM inventory.close_reservation(
        v_tenant_id, release_reservation.reservation_id, 'released', release_reservation.idempotency_key
    );
END
$$;


--
-- Name: FUNCTION release_reservation(idempotency_key text, reservation_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.release_reservation(idempotency_key text, reservation_id uuid) IS 'Releases an active reservation: its stock becomes available again. Errors: 42501, 22023 (also a sales order''s reservation, which its order releases), SD404 unknown reservation, SD003 reservation not active, SD002 key reused.';


--
-- Name: remove_purchase_order_item(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.remove_purchase_order_item(item_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_item procurement.purchase_order_item;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.remove_purchase_order_item');
    v_item := procurement.lock_draft_line(v_tenant_id, remove_purchase_order_item.item_id,
                                          remove_purchase_order_item.version, 'removed');
    DELETE FROM procurement.purchase_order_item AS i WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The total's trigger (_300_total) updated the order, so its version moved
    -- on, even for a line of no value.
    RETURN (
        SELECT po.version FROM procurement.purchase_order AS po
        WHERE po.tenant_id = v_tenant_id AND po.id = v_item.purchase_order_id
    );
END
$$;


--
-- Name: FUNCTION remove_purchase_order_item(item_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.remove_purchase_order_item(item_id uuid, version integer) IS 'Removes a line from a draft purchase order (the order total follows) and returns the order''s new version; version is the order''s. Errors: 42501, 22023 no version, SD404 unknown line, SD004 stale version, SD003 order no longer a draft.';


--
-- Name: remove_sales_order_item(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.remove_sales_order_item(item_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_item sales.sales_order_item;
    v_number text;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.remove_sales_order_item');
    v_item := sales.lock_open_line(
        v_tenant_id, remove_sales_order_item.item_id, remove_sales_order_item.version, 'lines can be removed'
    );
    -- Every change of the lines holds the order, so the count cannot move under us.
    IF NOT EXISTS (
        SELECT FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_item.sales_order_id AND i.id <> v_item.id
    ) THEN
        SELECT so.number INTO v_number
        FROM sales.sales_order AS so
        WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id;
        RAISE EXCEPTION 'sales order % would have no lines', v_number
            USING ERRCODE = '22023', DETAIL = format('Line %s is the order''s last.', v_item.id),
                  HINT = 'Cancel the order (api.cancel_sales_order) instead, or add the new line before removing this one.';
    END IF;
    DELETE FROM sales.sales_order_item AS i WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The subtotal's trigger (_300_subtotal) updated the order, so its version
    -- moved on, even for a line of no value.
    RETURN (
        SELECT so.version FROM sales.sales_order AS so
        WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id
    );
END
$$;


--
-- Name: FUNCTION remove_sales_order_item(item_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.remove_sales_order_item(item_id uuid, version integer) IS 'Removes a line from a pending or approved sales order (the order total follows; an approved order goes back to pending, to be approved again) and returns the order''s new version; version is the order''s. Errors: 42501, 22023 no version or the order''s last line, SD404 unknown line, SD004 stale version, SD003 order reserved or further on.';


--
-- Name: reserve_sales_order(text, uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid) RETURNS uuid[]
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_warehouse warehouse.warehouse;
    v_scope record;
    v_order sales.sales_order;
    v_item sales.sales_order_item;
    v_reservation_id uuid;
    v_reservations uuid[] := '{}';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.reserve_sales_order');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, reserve_sales_order.idempotency_key, 'api.reserve_sales_order',
        jsonb_build_object('order_id', reserve_sales_order.order_id, 'warehouse_id', reserve_sales_order.warehouse_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN ARRAY(SELECT jsonb_array_elements_text(v_claim.previous_result -> 'reservation_ids')::uuid);
    END IF;
    v_warehouse := warehouse.require_warehouse(v_tenant_id, reserve_sales_order.warehouse_id);

    -- Stock locks first, then the document: the order every function keeps.
    v_scope := sales.order_stock_scope(v_tenant_id, reserve_sales_order.order_id, v_warehouse.id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    v_order := sales.lock_sales_order(v_tenant_id, reserve_sales_order.order_id, NULL, FALSE);
    IF v_order.status <> 'approved' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to processing', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only an approved order can be reserved.',
                  HINT = 'Approve the order first (api.approve_sales_order).';
    END IF;

    FOR v_item IN
        SELECT i.* FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id
        ORDER BY i.id
    LOOP
        v_reservation_id := inventory.reserve(
            v_tenant_id, catalog.lock_product(v_tenant_id, v_item.product_id), v_warehouse, v_item.quantity,
            v_order.number, NULL, reserve_sales_order.idempotency_key
        );
        UPDATE sales.sales_order_item AS i SET reservation_id = v_reservation_id
        WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
        v_reservations := v_reservations || v_reservation_id;
    END LOOP;

    UPDATE sales.sales_order AS so SET status = 'processing'
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id;
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('reservation_ids', to_jsonb(v_reservations)));
    RETURN v_reservations;
END
$$;


--
-- Name: FUNCTION reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid) IS 'Reserves every line of an approved sales order in one warehouse (FEFO, then FIFO), all lines or none, moves the order to processing and returns the reservation ids. Errors: 42501, 22023, SD404, SD003 order not approved, SD001 a line is short (nothing is reserved then), SD002.';


--
-- Name: reserve_stock(text, uuid, uuid, numeric, text, timestamp with time zone); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.reserve_stock(idempotency_key text, product_id uuid, warehouse_id uuid, quantity numeric, reference text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_product catalog.product;
    v_warehouse warehouse.warehouse;
    v_reservation_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.reserve_stock');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, reserve_stock.idempotency_key, 'api.reserve_stock',
        jsonb_build_object(
            'product_id', reserve_stock.product_id, 'warehouse_id', reserve_stock.warehouse_id,
            'quantity', trim_scale(reserve_stock.quantity), 'reference', reserve_stock.reference,
            'expires_at', reserve_stock.expires_at AT TIME ZONE 'UTC'
        ),
        jsonb_build_object('reservation_id', v_reservation_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'reservation_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, reserve_stock.product_id);
    v_warehouse := warehouse.require_warehouse(v_tenant_id, reserve_stock.warehouse_id);
    PERFORM catalog.check_quantity(v_product, reserve_stock.quantity, 'quantity');
    IF reserve_stock.expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future'
            USING ERRCODE = '22023', DETAIL = format('expires_at => %s, now is %s.', reserve_stock.expires_at, now()),
                  HINT = 'Pass NULL for a reservation that does not expire.';
    END IF;

    -- The new document first: every call on this product waits while the
    -- lock below is held, so only the allocation and its ledger rows happen
    -- under it. A row no other call can see yet is nothing another call waits
    -- for, so this keeps the stock-locks-then-documents order.
    PERFORM inventory.open_reservation(
        v_tenant_id, v_product, v_warehouse, reserve_stock.quantity, reserve_stock.reference,
        reserve_stock.expires_at, v_reservation_id
    );
    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_warehouse.id]);
    PERFORM inventory.fill_reservation(
        v_tenant_id, v_product, v_warehouse, reserve_stock.quantity, reserve_stock.reference,
        reserve_stock.idempotency_key, v_reservation_id
    );
    RETURN v_reservation_id;
END
$$;


--
-- Name: FUNCTION reserve_stock(idempotency_key text, product_id uuid, warehouse_id uuid, quantity numeric, reference text, expires_at timestamp with time zone); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.reserve_stock(idempotency_key text, product_id uuid, warehouse_id uuid, quantity numeric, reference text, expires_at timestamp with time zone) IS 'Reserves quantity of a product in a warehouse: earliest-expiring batches first, then earliest received, across its locations; never expired batches or quarantine; all or nothing. Returns the reservation id. Errors: 42501, 22023, SD404, SD001 not enough available (DETAIL: asked X, available Y), SD002 key reused.';


--
-- Name: return_sales_order_item(text, uuid, uuid, numeric, uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.return_sales_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_id uuid DEFAULT NULL::uuid, reason text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_item sales.sales_order_item;
    v_order sales.sales_order;
    v_product catalog.product;
    v_location warehouse.location;
    v_batches jsonb;
    v_line record;
    v_movement_id uuid := ops.uuid_v7();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.return_sales_order_item');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, return_sales_order_item.idempotency_key, 'api.return_sales_order_item',
        jsonb_build_object(
            'item_id', return_sales_order_item.item_id, 'location_id', return_sales_order_item.location_id,
            'quantity', trim_scale(return_sales_order_item.quantity), 'batch_id', return_sales_order_item.batch_id,
            'reason', return_sales_order_item.reason
        ),
        jsonb_build_object('movement_id', v_movement_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'movement_id')::uuid;
    END IF;

    SELECT i.* INTO v_item
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = return_sales_order_item.item_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order line % not found', return_sales_order_item.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No sales order line with this id belongs to the calling tenant.',
                  HINT = 'report.sales_order_lines lists an order''s lines with their sales_order_item_id.';
    END IF;
    -- An inactive product too: its units were sold while it was active, and
    -- they are back on the dock whatever the catalogue says now. Refused,
    -- they could not be booked in at all. Held FOR KEY SHARE, as
    -- catalog.lock_product holds it, so its unit cannot change meanwhile.
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = v_item.product_id AND p.deleted_at IS NULL
    FOR KEY SHARE;
    IF NOT FOUND THEN
        PERFORM catalog.require_product(v_tenant_id, v_item.product_id);
    END IF;
    PERFORM catalog.check_quantity(v_product, return_sales_order_item.quantity, 'quantity');
    v_location := warehouse.require_location(v_tenant_id, return_sales_order_item.location_id);
    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_location.warehouse_id]);
    -- Returns of one line one at a time, each seeing what the one before took
    -- back, even into two warehouses (no stock lock in common). NO KEY: the
    -- foreign keys that name the line need not wait.
    PERFORM FROM sales.sales_order_item AS i
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id
    FOR NO KEY UPDATE;
    SELECT so.* INTO STRICT v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id;

    -- Per batch shipped on the line: shipped and already returned.
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'batch_id', s.batch_id, 'batch_number', b.batch_number, 'shipped', s.shipped,
        'returned', coalesce(r.returned, 0)
    ) ORDER BY b.batch_number NULLS FIRST), '[]')
    INTO v_batches
    FROM (
        SELECT si.batch_id, sum(si.quantity) AS shipped
        FROM logistics.shipment_item AS si
        WHERE si.tenant_id = v_tenant_id AND si.sales_order_item_id = v_item.id
        GROUP BY si.batch_id
    ) AS s
    LEFT JOIN (
        SELECT m.batch_id, sum(m.quantity) AS returned
        FROM inventory.stock_movement AS m
        WHERE m.tenant_id = v_tenant_id AND m.reference_type = 'sales_order_item' AND m.reference_id = v_item.id
        GROUP BY m.batch_id
    ) AS r ON r.batch_id IS NOT DISTINCT FROM s.batch_id
    LEFT JOIN catalog.product_batch AS b ON b.tenant_id = v_tenant_id AND b.id = s.batch_id;
    IF jsonb_array_length(v_batches) = 0 THEN
        RAISE EXCEPTION 'nothing of sales order line % has shipped', v_item.id
            USING ERRCODE = '22023', DETAIL = format('Its order %s is %s.', v_order.number, v_order.status),
                  HINT = 'Only shipped goods come back; an order not shipped is cancelled with api.cancel_sales_order.';
    END IF;

    -- The batch the units left in: named, or the line's only one.
    SELECT x.* INTO v_line
    FROM jsonb_to_recordset(v_batches) AS x (batch_id uuid, batch_number text, shipped numeric, returned numeric)
    WHERE x.batch_id IS NOT DISTINCT FROM return_sales_order_item.batch_id
       OR (return_sales_order_item.batch_id IS NULL AND jsonb_array_length(v_batches) = 1);
    IF NOT FOUND THEN
        RAISE EXCEPTION '%', CASE WHEN return_sales_order_item.batch_id IS NULL
                THEN format('batch_id is required: sales order line %s shipped in several batches', v_item.id)
                ELSE format('batch %s was not shipped on sales order line %s', return_sales_order_item.batch_id,
                            v_item.id)
            END
            USING ERRCODE = '22023',
                  DETAIL = (
                      SELECT 'Shipped: ' || string_agg(format('%s %s (%s returned)',
                          coalesce(x.batch_number, 'no batch'), trim_scale(x.shipped), trim_scale(x.returned)), ', ')
                      FROM jsonb_to_recordset(v_batches) AS x (batch_number text, shipped numeric, returned numeric)
                  ),
                  HINT = 'Return units under the batch they left in, so its expiry and any recall follow them.';
    END IF;
    IF return_sales_order_item.quantity > v_line.shipped - v_line.returned THEN
        RAISE EXCEPTION 'sales order line % has % left to return, not %', v_item.id,
            trim_scale(v_line.shipped - v_line.returned), trim_scale(return_sales_order_item.quantity)
            USING ERRCODE = '22023',
                  DETAIL = format('%s %s: shipped %s, returned %s.', v_product.sku,
                                  coalesce('batch ' || v_line.batch_number, 'without a batch'),
                                  trim_scale(v_line.shipped), trim_scale(v_line.returned)),
                  HINT = 'Stock found beyond what shipped is an adjustment (api.record_movement).';
    END IF;

    PERFORM inventory.post_movement(
        v_tenant_id, 'returned', v_product.id, v_line.batch_id, v_location.id, return_sales_order_item.quantity,
        'sales_order_item', v_item.id, return_sales_order_item.reason, return_sales_order_item.idempotency_key,
        v_movement_id
    );
    RETURN v_movement_id;
END
$$;


--
-- Name: FUNCTION return_sales_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.return_sales_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text) IS 'Takes back units of a shipped sales order line into a location (a returned movement referencing the line) under the batch they shipped in (batch_id when the line shipped in several), at most what the line shipped less what was returned, an inactive product''s too; returns the movement id. Errors: 42501, 22023 (nothing shipped, bad quantity, no or a wrong batch, more than is left to return, an inactive location, beyond its capacity), SD404 unknown line, product or location, SD002 key reused with other arguments.';


--
-- Name: revoke_user_tokens(uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.revoke_user_tokens(user_id uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_count bigint;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.revoke_user_tokens');
    IF revoke_user_tokens.user_id IS DISTINCT FROM auth.current_user_id() THEN
        PERFORM auth.require_admin(v_tenant_id, 'revoke another user''s tokens');
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u WHERE u.tenant_id = v_tenant_id AND u.id = revoke_user_tokens.user_id
    ) THEN
        RAISE EXCEPTION 'user % not found', revoke_user_tokens.user_id
            USING ERRCODE = 'SD404', DETAIL = 'No user of this tenant has this id.',
                  HINT = 'Pass the id api.create_user returned.';
    END IF;
    -- A token issued after this transaction began is revoked at its issue time, not before it.
    UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at)
    WHERE t.tenant_id = v_tenant_id AND t.user_id = revoke_user_tokens.user_id AND t.revoked_at IS NULL
      AND t.expires_at > now();
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION revoke_user_tokens(user_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.revoke_user_tokens(user_id uuid) IS 'Revokes every live refresh token of a user (sign out everywhere) and returns how many. The user, an admin, or system work. Errors: 42501, SD404 no such user.';


--
-- Name: rotate_refresh_token(text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.rotate_refresh_token(token text) RETURNS TABLE(refresh_token text, user_id uuid, expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
#variable_conflict use_column
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_old record;
    v_new record;
    v_expires timestamptz;
BEGIN
    SELECT t.id, t.tenant_id, t.user_id, t.family_id, t.created_at, t.expires_at, t.revoked_at
    INTO v_old
    FROM auth.refresh_token AS t
    WHERE t.token_hash = sha256(convert_to(coalesce(rotate_refresh_token.token, ''), 'UTF8'))
    FOR UPDATE;
    IF v_old.id IS NULL OR v_old.tenant_id <> v_tenant_id THEN
        RETURN;
    END IF;
    IF v_old.revoked_at IS NOT NULL THEN
        UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at)
        WHERE t.tenant_id = v_tenant_id AND t.family_id = v_old.family_id AND t.revoked_at IS NULL;
        RETURN;
    END IF;
    IF v_old.expires_at <= now() OR NOT EXISTS (
        SELECT 1 FROM auth.app_user AS u WHERE u.tenant_id = v_tenant_id AND u.id = v_old.user_id AND u.active
    ) THEN
        RETURN;
    END IF;
    v_expires := now() + (v_old.expires_at - v_old.created_at);
    SELECT * INTO v_new FROM auth.new_refresh_token(v_tenant_id, v_old.user_id, v_old.family_id, v_expires);
    UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at), replaced_by = v_new.token_id
    WHERE t.tenant_id = v_tenant_id AND t.id = v_old.id;
    RETURN QUERY SELECT v_new.refresh_token, v_old.user_id, v_expires;
END
$$;


--
-- Name: FUNCTION rotate_refresh_token(token text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.rotate_refresh_token(token text) IS 'Exchanges a valid refresh token for a new one of the same family and lifetime, revoking the old; returns no row for an unknown, expired, revoked or other tenant''s token or an inactive user. Presenting an already replaced token revokes its whole family. Errors: 42501 without a tenant context.';


--
-- Name: search_products(text, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.search_products(query text, limit_rows integer DEFAULT 20) RETURNS TABLE(product_id uuid, sku text, name text, category_path text, rank real, matched_by text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    SET "pg_trgm.similarity_threshold" TO '0.3'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_query text := btrim(search_products.query);
    v_tsquery tsquery;
    v_prefix text;
    v_corrected text;
    v_corrected_tsquery tsquery;
    v_hit_ids uuid[] := '{}';
    v_hit_ranks real[] := '{}';
    v_hit_kinds text[] := '{}';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.search_products');
    IF v_query IS NULL OR v_query = '' OR length(v_query) > 200 THEN
        RAISE EXCEPTION 'query must be 1 to 200 characters'
            USING ERRCODE = '22023',
                  DETAIL = format('api.search_products was called with query => %s.', ops.quoted_excerpt(search_products.query)),
                  HINT = 'Pass words, a SKU or the start of one.';
    END IF;
    IF search_products.limit_rows IS NULL OR search_products.limit_rows NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'limit_rows must be between 1 and 1000'
            USING ERRCODE = '22023',
                  DETAIL = format('limit_rows => %s.', coalesce(search_products.limit_rows::text, 'NULL')),
                  HINT = 'Ask for a page of results, such as 20.';
    END IF;
    -- Built only from words with lexemes: a query of stop words or punctuation makes
    -- websearch_to_tsquery send the caller a NOTICE, then matches nothing anyway.
    IF length(to_tsvector('english', v_query)) > 0 THEN
        v_tsquery := websearch_to_tsquery('english', v_query);
    END IF;

    IF numnode(v_tsquery) > 0 THEN
        SELECT coalesce(array_agg(h.id ORDER BY h.rank DESC), '{}'),
               coalesce(array_agg(h.rank ORDER BY h.rank DESC), '{}'),
               coalesce(array_agg(h.kind ORDER BY h.rank DESC), '{}')
        INTO v_hit_ids, v_hit_ranks, v_hit_kinds
        FROM (
            SELECT DISTINCT ON (a.id) a.id, a.rank, a.kind
            FROM (
                (SELECT m.id, (1 + ts_rank(m.search, v_tsquery))::real AS rank, 'text' AS kind
                 FROM (
                     -- A query every tenth product matches ranks the first
                     -- 5,000 found: ranking all of them is what costs.
                     SELECT p.id, p.search FROM catalog.product AS p
                     WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.search @@ v_tsquery
                     LIMIT 5000
                 ) AS m
                 ORDER BY 2 DESC
                 LIMIT search_products.limit_rows)
                UNION ALL
                -- Products in (or below) a category whose name matches rank after direct hits.
                (SELECT p.id, 0.75::real, 'category'
                 FROM catalog.product_category AS c
                 JOIN catalog.product_category AS sub
                     ON sub.tenant_id = c.tenant_id AND sub.path LIKE c.path || '%'
                 JOIN catalog.product AS p ON p.tenant_id = sub.tenant_id AND p.category_id = sub.id
                 WHERE c.tenant_id = v_tenant_id AND to_tsvector('english'::regconfig, c.name) @@ v_tsquery
                   AND p.deleted_at IS NULL
                 LIMIT search_products.limit_rows)
            ) AS a
            ORDER BY a.id, a.rank DESC
        ) AS h;
    END IF;

    IF cardinality(v_hit_ids) < search_products.limit_rows THEN
        -- SKUs starting with the query, case-insensitively: a range of product_sku_prefix_idx.
        v_prefix := replace(replace(replace(lower(v_query), '\', '\\'), '%', '\%'), '_', '\_') || '%';
        SELECT v_hit_ids || coalesce(array_agg(s.id ORDER BY s.sku), '{}'),
               v_hit_ranks || coalesce(array_agg(0.5::real ORDER BY s.sku), '{}'),
               v_hit_kinds || coalesce(array_agg('sku_prefix'::text ORDER BY s.sku), '{}')
        INTO v_hit_ids, v_hit_ranks, v_hit_kinds
        FROM (
            SELECT p.id, p.sku FROM catalog.product AS p
            WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND lower(p.sku) LIKE v_prefix
              AND NOT (p.id = ANY (v_hit_ids))
            ORDER BY lower(p.sku)
            LIMIT search_products.limit_rows - cardinality(v_hit_ids)
        ) AS s;
    END IF;

    IF cardinality(v_hit_ids) < search_products.limit_rows THEN
        -- Each word of three letters or more becomes the catalogue's nearest
        -- word by trigram similarity of at least 0.3 (the pg_trgm default), if any.
        SELECT string_agg(coalesce(best.word, w.word), ' ' ORDER BY w.n) INTO v_corrected
        FROM regexp_split_to_table(lower(v_query), '[^[:alnum:]]+') WITH ORDINALITY AS w (word, n)
        LEFT JOIN LATERAL (
            SELECT sw.word FROM catalog.search_word AS sw
            WHERE length(w.word) >= 3 AND sw.tenant_id = v_tenant_id AND sw.word OPERATOR(public.%) w.word
            ORDER BY public.similarity(sw.word, w.word) DESC, sw.word
            LIMIT 1
        ) AS best ON TRUE
        WHERE w.word <> '';
        IF length(to_tsvector('english', coalesce(v_corrected, ''))) > 0 THEN
            v_corrected_tsquery := websearch_to_tsquery('english', v_corrected);
        END IF;
        IF numnode(v_corrected_tsquery) > 0 AND v_corrected_tsquery IS DISTINCT FROM v_tsquery THEN
            SELECT v_hit_ids || coalesce(array_agg(t.id ORDER BY t.rank DESC), '{}'),
                   v_hit_ranks || coalesce(array_agg(t.rank ORDER BY t.rank DESC), '{}'),
                   v_hit_kinds || coalesce(array_agg('typo'::text ORDER BY t.rank DESC), '{}')
            INTO v_hit_ids, v_hit_ranks, v_hit_kinds
            FROM (
                SELECT m.id, (ts_rank(m.search, v_corrected_tsquery) / 2)::real AS rank
                FROM (
                    SELECT p.id, p.search FROM catalog.product AS p
                    WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.search @@ v_corrected_tsquery
                      AND NOT (p.id = ANY (v_hit_ids))
                    LIMIT 5000
                ) AS m
                ORDER BY 2 DESC
                LIMIT search_products.limit_rows - cardinality(v_hit_ids)
            ) AS t;
        END IF;
    END IF;

    RETURN QUERY
    SELECT p.id, p.sku, p.name,
           (SELECT string_agg(pc.name, ' / ' ORDER BY pc.depth)
            FROM catalog.product_category AS c
            JOIN catalog.product_category AS pc
                ON pc.tenant_id = c.tenant_id AND c.path LIKE pc.path || '%'
            WHERE c.tenant_id = p.tenant_id AND c.id = p.category_id),
           h.rank, h.kind
    FROM unnest(v_hit_ids, v_hit_ranks, v_hit_kinds) AS h (id, rank, kind)
    JOIN catalog.product AS p ON p.tenant_id = v_tenant_id AND p.id = h.id
    ORDER BY h.rank DESC, p.sku
    LIMIT search_products.limit_rows;
END
$$;


--
-- Name: FUNCTION search_products(query text, limit_rows integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.search_products(query text, limit_rows integer) IS 'Live products of the caller''s tenant matching query, best first: full text (websearch syntax) over SKU, name, description and category names; when that finds fewer than limit_rows, SKUs starting with the query (matched_by sku_prefix), then the query with typos corrected to the catalogue''s words by trigram similarity (typo). Errors: 42501, 22023.';


--
-- Name: set_context(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.set_context(tenant_id uuid, user_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_active boolean;
    v_role auth.user_role;
BEGIN
    IF set_context.tenant_id IS NULL THEN
        RAISE EXCEPTION 'tenant_id must not be null'
            USING ERRCODE = '22023',
                  DETAIL = 'api.set_context was called with tenant_id => NULL.',
                  HINT = 'Pass the id of an existing tenant; a single-company install uses 00000000-0000-7000-8000-000000000001.';
    END IF;

    SELECT t.active INTO v_active
    FROM auth.tenant AS t
    WHERE t.id = set_context.tenant_id;

    IF NOT FOUND THEN
        RAISE EXCEPTION 'tenant % does not exist', set_context.tenant_id
            USING ERRCODE = 'SD404',
                  DETAIL = format('No row in auth.tenant has id %s.', set_context.tenant_id),
                  HINT = 'Check the tenant id your application is configured with.';
    END IF;

    IF NOT v_active THEN
        RAISE EXCEPTION 'tenant % is inactive', set_context.tenant_id
            USING ERRCODE = '42501',
                  DETAIL = format('auth.tenant %s has active = false.', set_context.tenant_id),
                  HINT = 'An operator reactivates it: stockdb tenant activate CODE (ops.set_tenant_active).';
    END IF;

    -- is_local = true: the context ends with the transaction, so a pooled
    -- connection never carries one caller's identity into the next. The
    -- tenant is set before the user is looked up: row security shows
    -- auth.app_user only within a tenant. An error below undoes it.
    PERFORM set_config('stockdb.tenant_id', set_context.tenant_id::text, true);

    IF set_context.user_id IS NOT NULL THEN
        SELECT u.active, u.role INTO v_active, v_role
        FROM auth.app_user AS u
        WHERE u.tenant_id = set_context.tenant_id AND u.id = set_context.user_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'user % does not exist in tenant %', set_context.user_id, set_context.tenant_id
                USING ERRCODE = 'SD404',
                      DETAIL = 'No row in auth.app_user has this id for this tenant.',
                      HINT = 'Pass the id of one of the tenant''s users, or NULL for system work.';
        END IF;
        IF NOT v_active THEN
            RAISE EXCEPTION 'user % is inactive', set_context.user_id
                USING ERRCODE = '42501',
                      DETAIL = format('auth.app_user %s has active = false.', set_context.user_id),
                      HINT = 'An admin reactivates a user with api.update_user(user_id, version, active => true).';
        END IF;
    END IF;

    PERFORM set_config('stockdb.user_id', coalesce(set_context.user_id::text, ''), true);
    -- Row security's partner_scope reads the role here rather than the user's
    -- row on every statement (sql/policies/tenant_isolation.sql).
    PERFORM set_config('stockdb.user_role', coalesce(v_role::text, ''), true);
END
$$;


--
-- Name: FUNCTION set_context(tenant_id uuid, user_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.set_context(tenant_id uuid, user_id uuid) IS 'Sets the calling tenant and user (stockdb.tenant_id, stockdb.user_id, and the user''s role in stockdb.user_role) for the current transaction. Errors: 22023 null tenant_id, SD404 unknown tenant or user, 42501 inactive tenant or user.';


--
-- Name: set_password(uuid, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.set_password(user_id uuid, password text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.set_password');
    IF set_password.user_id IS DISTINCT FROM auth.current_user_id() THEN
        PERFORM auth.require_admin(v_tenant_id, 'set another user''s password');
    END IF;
    -- A new password also lifts a lock and forgets failed attempts.
    UPDATE auth.app_user AS u
    SET password_hash = auth.hash_password(set_password.password), failed_login_count = 0, locked_until = NULL
    WHERE u.tenant_id = v_tenant_id AND u.id = set_password.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', set_password.user_id
            USING ERRCODE = 'SD404', DETAIL = 'No user of this tenant has this id.',
                  HINT = 'Pass the id api.create_user returned.';
    END IF;
END
$$;


--
-- Name: FUNCTION set_password(user_id uuid, password text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.set_password(user_id uuid, password text) IS 'Sets a user''s password (12 to 72 characters, stored as bcrypt) and lifts a login lock. The user themselves, an admin, or system work. Errors: 42501, 22023 bad password, SD404 no such user.';


--
-- Name: ship_sales_order(text, uuid, text, text, timestamp with time zone); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.ship_sales_order(idempotency_key text, order_id uuid, carrier text, tracking_number text, expected_delivery_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_shipment_id uuid := ops.uuid_v7();
    v_claim record;
    v_carrier_id uuid;
    v_scope record;
    v_order sales.sales_order;
    v_item sales.sales_order_item;
    v_warehouse_id uuid;
    v_shipped_at timestamptz;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.ship_sales_order');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, ship_sales_order.idempotency_key, 'api.ship_sales_order',
        jsonb_build_object(
            'order_id', ship_sales_order.order_id, 'carrier', ship_sales_order.carrier,
            'tracking_number', ship_sales_order.tracking_number
        )
        -- Only when given: a key claimed before the argument existed hashes as it did.
        || CASE WHEN ship_sales_order.expected_delivery_at IS NOT NULL THEN jsonb_build_object(
            'expected_delivery_at', ship_sales_order.expected_delivery_at AT TIME ZONE 'UTC'
        ) ELSE '{}' END,
        jsonb_build_object('shipment_id', v_shipment_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'shipment_id')::uuid;
    END IF;
    -- Bounded before it goes into the message (a 100,000-character one came back whole).
    PERFORM ops.require_length(ship_sales_order.carrier, 'carrier', 100);
    SELECT c.id INTO v_carrier_id
    FROM logistics.carrier AS c
    WHERE c.tenant_id = v_tenant_id AND c.code = ship_sales_order.carrier AND c.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'carrier % not found', ship_sales_order.carrier
            USING ERRCODE = 'SD404', DETAIL = 'No active carrier with this code belongs to the calling tenant.',
                  HINT = 'Pass the code of one of your carriers.';
    END IF;
    IF ship_sales_order.tracking_number IS NULL OR ship_sales_order.tracking_number !~ '^[[:graph:]]{1,64}$' THEN
        RAISE EXCEPTION 'tracking_number must be 1 to 64 visible characters'
            USING ERRCODE = '22023', DETAIL = format('tracking_number => %s.', ops.quoted_excerpt(ship_sales_order.tracking_number)),
                  HINT = 'Pass the carrier''s tracking number.';
    END IF;

    v_scope := sales.order_stock_scope(v_tenant_id, ship_sales_order.order_id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    v_order := sales.lock_sales_order(v_tenant_id, ship_sales_order.order_id, NULL, FALSE);
    IF v_order.status <> 'processing' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to shipped', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a reserved (processing) order can ship.',
                  HINT = 'Reserve the order first (api.reserve_sales_order).';
    END IF;
    v_warehouse_id := v_scope.warehouse_ids[1];
    -- Not before the approval, which a transaction older than it sees too.
    v_shipped_at := greatest(now(), v_order.approved_at);
    IF NOT isfinite(coalesce(ship_sales_order.expected_delivery_at, v_shipped_at))
       OR ship_sales_order.expected_delivery_at < v_shipped_at THEN
        RAISE EXCEPTION 'expected_delivery_at must be a time after the shipment leaves'
            USING ERRCODE = '22023',
                  DETAIL = format('expected_delivery_at => %s; the shipment leaves at %s.',
                                  ship_sales_order.expected_delivery_at, v_shipped_at),
                  HINT = 'Pass the delivery time the carrier promises, or NULL when it gave none.';
    END IF;

    INSERT INTO logistics.shipment (
        tenant_id, id, sales_order_id, warehouse_id, carrier_id, tracking_number, status, ship_to, shipped_at,
        expected_delivery_at
    )
    VALUES (
        v_tenant_id, v_shipment_id, v_order.id, v_warehouse_id, v_carrier_id, ship_sales_order.tracking_number,
        'preparing', v_order.shipping_address, v_shipped_at, ship_sales_order.expected_delivery_at
    );
    FOR v_item IN
        SELECT i.* FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id
        ORDER BY i.id
    LOOP
        INSERT INTO logistics.shipment_item (tenant_id, shipment_id, sales_order_item_id, product_id, batch_id, quantity)
        SELECT v_tenant_id, v_shipment_id, v_item.id, rl.product_id, rl.batch_id, sum(rl.quantity)
        FROM inventory.reservation_line AS rl
        WHERE rl.tenant_id = v_tenant_id AND rl.reservation_id = v_item.reservation_id
        GROUP BY rl.product_id, rl.batch_id;
        PERFORM inventory.close_reservation(v_tenant_id, v_item.reservation_id, 'fulfilled', ship_sales_order.idempotency_key);
    END LOOP;

    UPDATE logistics.shipment AS s SET status = 'in_transit'
    WHERE s.tenant_id = v_tenant_id AND s.id = v_shipment_id;
    UPDATE sales.sales_order AS so SET status = 'shipped', shipped_at = v_shipped_at
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id;
    RETURN v_shipment_id;
END
$_$;


--
-- Name: FUNCTION ship_sales_order(idempotency_key text, order_id uuid, carrier text, tracking_number text, expected_delivery_at timestamp with time zone); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.ship_sales_order(idempotency_key text, order_id uuid, carrier text, tracking_number text, expected_delivery_at timestamp with time zone) IS 'Ships a reserved (processing) sales order: issues exactly its reserved batches (sale_issue), creates the shipment (in transit, with its items by batch) for the carrier code and tracking number, marks the order shipped, and returns the shipment id. expected_delivery_at, the carrier''s promise, is when the shipment counts as late (report.shipment_delays, the shipment_delayed alert). Errors: 42501, 22023 (also an expected delivery before the shipment leaves), SD404 order or carrier, SD003 not processing, 23505 tracking number already used for this carrier, SD005 a reserved batch is on hold (api.hold_batch), SD002.';


--
-- Name: split_sales_order(text, uuid, integer, jsonb, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.split_sales_order(idempotency_key text, order_id uuid, version integer, lines jsonb, number text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_order sales.sales_order;
    v_new_id uuid := ops.uuid_v7();
    v_number text;
    v_line jsonb;
    v_item sales.sales_order_item;
    v_quantity numeric;
    v_product catalog.product;
    v_problem text;
    v_uuid_pattern CONSTANT text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.split_sales_order');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, split_sales_order.idempotency_key, 'api.split_sales_order',
        jsonb_build_object(
            'order_id', split_sales_order.order_id, 'version', split_sales_order.version,
            'lines', sales.canonical_lines(split_sales_order.lines), 'number', split_sales_order.number
        ),
        jsonb_build_object('order_id', v_new_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'order_id')::uuid;
    END IF;

    v_order := sales.lock_sales_order(v_tenant_id, split_sales_order.order_id, split_sales_order.version);
    IF v_order.status NOT IN ('pending', 'approved') THEN
        RAISE EXCEPTION 'sales order % is %: it can be split while it is pending or approved only',
            v_order.number, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Once reserved, an order ships as it was approved.',
                  HINT = 'Give a reserved order''s stock back first (api.unreserve_sales_order).';
    END IF;
    -- The shape of lines, once the order is known to be the caller's.
    IF jsonb_typeof(split_sales_order.lines) IS DISTINCT FROM 'array' OR jsonb_array_length(split_sales_order.lines) = 0 THEN
        v_problem := 'lines must be a non-empty JSON array';
    ELSE
        SELECT format('line %s: %s', l.n, left(l.line::text, 200)) INTO v_problem
        FROM jsonb_array_elements(split_sales_order.lines) WITH ORDINALITY AS l (line, n)
        -- CASE, so the keys of a line that is no object are never asked for.
        WHERE CASE
            WHEN jsonb_typeof(l.line) IS DISTINCT FROM 'object' THEN TRUE
            ELSE coalesce(l.line ->> 'item_id', '') !~ v_uuid_pattern
                OR (l.line ? 'quantity' AND jsonb_typeof(l.line -> 'quantity') IS DISTINCT FROM 'number')
                OR EXISTS (SELECT FROM jsonb_object_keys(l.line) AS k WHERE k NOT IN ('item_id', 'quantity'))
        END
        ORDER BY l.n
        LIMIT 1;
        IF v_problem IS NULL THEN
            SELECT format('item %s is named twice', l.line ->> 'item_id') INTO v_problem
            FROM jsonb_array_elements(split_sales_order.lines) AS l (line)
            GROUP BY l.line ->> 'item_id'
            HAVING count(*) > 1
            LIMIT 1;
        END IF;
    END IF;
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION 'lines must name each line to move once: {"item_id": …, "quantity": …}'
            USING ERRCODE = '22023', DETAIL = v_problem,
                  HINT = 'quantity (optional) is how much of the line moves; without it the whole line does.';
    END IF;

    v_number := coalesce(split_sales_order.number, 'SO-' || upper(right(replace(v_new_id::text, '-', ''), 12)));
    -- Approved stays approved: a split takes nothing new from the customer.
    INSERT INTO sales.sales_order (
        tenant_id, id, number, customer_id, status, currency, shipping_address, approved_at, created_by,
        split_from_id
    )
    VALUES (
        v_tenant_id, v_new_id, v_number, v_order.customer_id, v_order.status, v_order.currency,
        v_order.shipping_address, CASE WHEN v_order.status = 'approved' THEN now() END, auth.current_user_id(),
        v_order.id
    );

    -- Every change of an order's lines holds the order first, so the lines
    -- read here stay as they are.
    FOR v_line IN
        SELECT l.line FROM jsonb_array_elements(split_sales_order.lines) AS l (line)
        ORDER BY l.line ->> 'item_id'
    LOOP
        SELECT i.* INTO v_item
        FROM sales.sales_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.id = (v_line ->> 'item_id')::uuid AND i.sales_order_id = v_order.id
        FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'sales order % has no line %', v_order.number, v_line ->> 'item_id'
                USING ERRCODE = 'SD404', HINT = 'report.sales_order_lines lists an order''s lines (sales_order_item_id).';
        END IF;
        v_quantity := coalesce((v_line ->> 'quantity')::numeric, v_item.quantity);
        IF v_quantity = v_item.quantity THEN
            UPDATE sales.sales_order_item AS i SET sales_order_id = v_new_id
            WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
        ELSE
            v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
            PERFORM catalog.check_quantity(v_product, v_quantity, 'quantity');
            IF v_quantity > v_item.quantity THEN
                RAISE EXCEPTION 'sales order line % has % to move, not %', v_item.id,
                    trim_scale(v_item.quantity), trim_scale(v_quantity)
                    USING ERRCODE = '22023', HINT = 'Move at most the line''s quantity.';
            END IF;
            UPDATE sales.sales_order_item AS i SET quantity = i.quantity - v_quantity
            WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
            INSERT INTO sales.sales_order_item (tenant_id, sales_order_id, product_id, quantity, unit_price_minor)
            VALUES (v_tenant_id, v_new_id, v_item.product_id, v_quantity, v_item.unit_price_minor);
        END IF;
    END LOOP;
    IF NOT EXISTS (
        SELECT FROM sales.sales_order_item AS i WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id
    ) THEN
        RAISE EXCEPTION 'the split would leave sales order % without lines', v_order.number
            USING ERRCODE = '22023', HINT = 'Leave a line, or part of one, on the order; or change its lines instead.';
    END IF;
    PERFORM inventory.finish_request(v_tenant_id, v_claim.request_id, jsonb_build_object('order_id', v_new_id));
    RETURN v_new_id;
END
$_$;


--
-- Name: FUNCTION split_sales_order(idempotency_key text, order_id uuid, version integer, lines jsonb, number text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.split_sales_order(idempotency_key text, order_id uuid, version integer, lines jsonb, number text) IS 'Moves lines of a pending or approved sales order, or parts of them (lines: [{item_id, quantity?}], without quantity the whole line), to a new order of the same customer, currency, address and status (a backorder whose split_from_id names the original; shipping and tax stay on the original), and returns the new order''s id; a retry with the same key returns it again. Errors: 42501, 22023 malformed lines, a bad quantity or more than a line has, no version, or nothing left on the original, SD404 unknown order or a line not on it, SD004 stale version, SD003 order reserved or further on, SD002, 23505 number taken.';


--
-- Name: stock_level(uuid, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.stock_level(product_id uuid, warehouse_id uuid DEFAULT NULL::uuid) RETURNS TABLE(on_hand numeric, reserved numeric, available numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.stock_level');
    -- Any live product, active or not: one taken out of the range may still
    -- hold stock, and reading it is not moving it. For no product, or an
    -- unknown or deleted one, require_product raises the usual error.
    IF NOT EXISTS (
        SELECT 1 FROM catalog.product AS p
        WHERE p.tenant_id = v_tenant_id AND p.id = stock_level.product_id AND p.deleted_at IS NULL
    ) THEN
        PERFORM catalog.require_product(v_tenant_id, stock_level.product_id);
    END IF;
    -- Any warehouse of the tenant, active or not, likewise.
    IF stock_level.warehouse_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM warehouse.warehouse AS w
        WHERE w.tenant_id = v_tenant_id AND w.id = stock_level.warehouse_id
    ) THEN
        PERFORM warehouse.require_warehouse(v_tenant_id, stock_level.warehouse_id);
    END IF;
    RETURN QUERY
    SELECT coalesce(sum(i.on_hand), 0)::numeric, coalesce(sum(i.reserved), 0)::numeric, coalesce(sum(i.available), 0)::numeric
    FROM inventory.inventory AS i
    JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
    WHERE i.tenant_id = v_tenant_id
      AND i.product_id = stock_level.product_id
      AND i.deleted_at IS NULL
      AND (stock_level.warehouse_id IS NULL OR l.warehouse_id = stock_level.warehouse_id);
END
$$;


--
-- Name: FUNCTION stock_level(product_id uuid, warehouse_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.stock_level(product_id uuid, warehouse_id uuid) IS 'On hand, reserved and available of a product (inactive ones too), in one warehouse (active or not) or all, summed from the balances (not the ledger). Errors: 42501, 22023 no product, SD404 unknown or deleted product or unknown warehouse.';


--
-- Name: submit_purchase_order(uuid, integer, timestamp with time zone); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.submit_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order procurement.purchase_order;
    v_ordered_at timestamptz;
    v_expected_at timestamptz;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.submit_purchase_order');
    IF NOT isfinite(coalesce(submit_purchase_order.expected_at, now())) THEN
        RAISE EXCEPTION 'expected_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('expected_at => %s.', submit_purchase_order.expected_at),
                  HINT = 'Pass when the supplier expects to deliver, or NULL to keep the draft''s date.';
    END IF;
    v_order := procurement.lock_purchase_order(v_tenant_id, submit_purchase_order.order_id, submit_purchase_order.version);
    IF v_order.status <> 'draft' THEN
        RAISE EXCEPTION 'purchase_order % cannot go from % to ordered', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a draft can be submitted.',
                  HINT = 'Check the order''s current status.';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM procurement.purchase_order_item AS i
        WHERE i.tenant_id = v_tenant_id AND i.purchase_order_id = v_order.id
    ) THEN
        RAISE EXCEPTION 'purchase order % has no lines', v_order.number
            USING ERRCODE = '22023', HINT = 'Add lines with api.add_purchase_order_item first.';
    END IF;
    -- Not before the draft was made, which a transaction older than it sees too.
    v_ordered_at := greatest(now(), v_order.created_at);
    v_expected_at := coalesce(submit_purchase_order.expected_at, v_order.expected_at);
    -- purchase_order_expected_at_check would refuse it with a bare 23514; a
    -- draft that waited past its date (or was imported as expected today, at
    -- midnight) is given a new one here.
    IF v_expected_at < v_ordered_at THEN
        RAISE EXCEPTION 'expected_at is before the order is placed'
            USING ERRCODE = '22023',
                  DETAIL = CASE
                      WHEN submit_purchase_order.expected_at IS NULL
                          THEN format('Purchase order %s expects delivery at %s; it is placed at %s.',
                                      v_order.number, v_expected_at, v_ordered_at)
                      ELSE format('expected_at => %s; purchase order %s is placed at %s.',
                                  v_expected_at, v_order.number, v_ordered_at)
                  END,
                  HINT = 'Pass expected_at => when the supplier now expects to deliver.';
    END IF;
    UPDATE procurement.purchase_order AS po
    SET status = 'ordered', ordered_at = v_ordered_at, expected_at = v_expected_at
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION submit_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.submit_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone) IS 'Moves a draft purchase order to ordered (ordered_at = now, never before the draft was made) and returns its new version; expected_at, when given, replaces the draft''s expected delivery. Errors: 42501, 22023 no lines, no version, or an expected delivery before the order is placed, SD404, SD004 stale version, SD003 not a draft.';


--
-- Name: transfer_stock(text, uuid, uuid, uuid, numeric, uuid); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.transfer_stock(idempotency_key text, product_id uuid, from_location_id uuid, to_location_id uuid, quantity numeric, batch_id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_claim record;
    v_product catalog.product;
    v_from warehouse.location;
    v_to warehouse.location;
    v_batch catalog.product_batch;
    v_available numeric;
    v_transfer_id uuid := ops.uuid_v7();
    v_batch_ids uuid[];
    v_quantities numeric[];
    v_total numeric;
    v_i integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.transfer_stock');
    SELECT * INTO v_claim FROM inventory.claim_request(
        v_tenant_id, transfer_stock.idempotency_key, 'api.transfer_stock',
        jsonb_build_object(
            'product_id', transfer_stock.product_id, 'from_location_id', transfer_stock.from_location_id,
            'to_location_id', transfer_stock.to_location_id, 'quantity', trim_scale(transfer_stock.quantity),
            'batch_id', transfer_stock.batch_id
        ),
        jsonb_build_object('transfer_id', v_transfer_id)
    );
    IF v_claim.request_id IS NULL THEN
        RETURN (v_claim.previous_result ->> 'transfer_id')::uuid;
    END IF;

    v_product := catalog.lock_product(v_tenant_id, transfer_stock.product_id);
    v_from := warehouse.require_location(v_tenant_id, transfer_stock.from_location_id, 'from_location_id');
    v_to := warehouse.require_location(v_tenant_id, transfer_stock.to_location_id, 'to_location_id');
    IF v_from.id = v_to.id THEN
        RAISE EXCEPTION 'a transfer needs two different locations'
            USING ERRCODE = '22023', DETAIL = format('from and to are both %s.', v_from.code),
                  HINT = 'Pass the location the stock goes to as to_location_id.';
    END IF;
    PERFORM catalog.check_quantity(v_product, transfer_stock.quantity, 'quantity');

    PERFORM inventory.lock_stock(v_tenant_id, ARRAY[v_product.id], ARRAY[v_from.warehouse_id, v_to.warehouse_id]);

    IF transfer_stock.batch_id IS NOT NULL THEN
        v_batch := catalog.require_batch(v_tenant_id, v_product.id, transfer_stock.batch_id);
        -- Expired stock may only go to quarantine.
        IF v_to.kind <> 'quarantine' AND v_batch.expiry_date < (now() AT TIME ZONE (
            SELECT w.timezone FROM warehouse.warehouse AS w WHERE w.tenant_id = v_tenant_id AND w.id = v_from.warehouse_id
        ))::date THEN
            RAISE EXCEPTION 'batch % of % expired on %', v_batch.batch_number, v_product.sku, v_batch.expiry_date
                USING ERRCODE = 'SD005',
                      DETAIL = format('Transfer from %s to %s (%s).', v_from.code, v_to.code, v_to.kind),
                      HINT = 'Expired stock can only be moved to a quarantine location.';
        END IF;
        v_available := inventory.available_at(v_tenant_id, v_product.id, v_batch.id, v_from.id);
        IF v_available < transfer_stock.quantity THEN
            PERFORM inventory.raise_insufficient(
                v_product.sku, transfer_stock.quantity, v_available,
                format('at location %s in batch %s', v_from.code, v_batch.batch_number)
            );
        END IF;
        PERFORM inventory.post_movement(
            v_tenant_id, 'transfer_out', v_product.id, v_batch.id, v_from.id, -transfer_stock.quantity,
            'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
        );
        PERFORM inventory.post_movement(
            v_tenant_id, 'transfer_in', v_product.id, v_batch.id, v_to.id, transfer_stock.quantity,
            'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
        );
    ELSE
        SELECT coalesce(array_agg(a.batch_id), '{}'), coalesce(array_agg(a.allocated), '{}'), coalesce(sum(a.allocated), 0)
        INTO v_batch_ids, v_quantities, v_total
        FROM inventory.allocate(v_tenant_id, v_product.id, v_from.warehouse_id, transfer_stock.quantity, v_from.id) AS a;
        IF v_total < transfer_stock.quantity THEN
            PERFORM inventory.raise_insufficient(
                v_product.sku, transfer_stock.quantity, v_total, format('at location %s', v_from.code)
            );
        END IF;
        FOR v_i IN 1..cardinality(v_quantities) LOOP
            PERFORM inventory.post_movement(
                v_tenant_id, 'transfer_out', v_product.id, v_batch_ids[v_i], v_from.id, -v_quantities[v_i],
                'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
            );
            PERFORM inventory.post_movement(
                v_tenant_id, 'transfer_in', v_product.id, v_batch_ids[v_i], v_to.id, v_quantities[v_i],
                'transfer', v_transfer_id, NULL, transfer_stock.idempotency_key
            );
        END LOOP;
    END IF;

    RETURN v_transfer_id;
END
$$;


--
-- Name: FUNCTION transfer_stock(idempotency_key text, product_id uuid, from_location_id uuid, to_location_id uuid, quantity numeric, batch_id uuid); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.transfer_stock(idempotency_key text, product_id uuid, from_location_id uuid, to_location_id uuid, quantity numeric, batch_id uuid) IS 'Moves quantity of a product from one location to another as transfer_out + transfer_in rows in one transaction; the batch goes with the stock (the given batch, or FEFO/FIFO from the source). Returns the transfer id (reference_id of the movements). Errors: 42501, 22023 (also no room at a destination with a capacity), SD404, SD001 not enough available at the source, SD005 expired batch to a non-quarantine location, SD002 key reused.';


--
-- Name: unreserve_sales_order(uuid, integer); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.unreserve_sales_order(order_id uuid, version integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_scope record;
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.unreserve_sales_order');
    -- Stock locks first, then the order, as api.cancel_sales_order takes them.
    v_scope := sales.order_stock_scope(v_tenant_id, unreserve_sales_order.order_id);
    PERFORM inventory.lock_stock(v_tenant_id, v_scope.product_ids, v_scope.warehouse_ids);
    v_order := sales.lock_sales_order(v_tenant_id, unreserve_sales_order.order_id, unreserve_sales_order.version);
    IF v_order.status <> 'processing' THEN
        RAISE EXCEPTION 'sales_order % cannot go from % to approved', v_order.id, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Only a reserved (processing) order gives its reservations back.',
                  HINT = 'Check the order''s current status (report.sales_order_fulfilment).';
    END IF;
    PERFORM sales.release_order_reservations(v_tenant_id, v_order.id);
    -- The lines no longer name the released reservations: reservation_id is
    -- what holds a line's stock, and reserve_sales_order sets it again.
    UPDATE sales.sales_order_item AS i SET reservation_id = NULL
    WHERE i.tenant_id = v_tenant_id AND i.sales_order_id = v_order.id;
    UPDATE sales.sales_order AS so SET status = 'approved'
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION unreserve_sales_order(order_id uuid, version integer); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.unreserve_sales_order(order_id uuid, version integer) IS 'Releases a reserved (processing) sales order''s reservations and moves it back to approved, to be reserved again (api.reserve_sales_order, in any warehouse) or changed (which sends it back to pending); returns its new version. Errors: 42501, 22023 no version, SD404, SD004 stale version, SD003 not processing.';


--
-- Name: update_batch(uuid, integer, date, date, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_batch(batch_id uuid, version integer, expiry_date date DEFAULT NULL::date, manufacture_date date DEFAULT NULL::date, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch catalog.product_batch;
    v_version integer;
    v_warehouse_ids uuid[];
    v_expiry date;
    v_made date;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_batch');
    PERFORM ops.require_clearable(
        update_batch.clear, ARRAY['expiry_date', 'manufacture_date'],
        jsonb_build_object('expiry_date', update_batch.expiry_date, 'manufacture_date', update_batch.manufacture_date)
    );
    -- Its expiry alerts are judged again below, under the product's stock
    -- lock, as a movement judges them: in every warehouse of the tenant, so
    -- none can take in stock of the batch meanwhile.
    v_batch := catalog.lock_batch(v_tenant_id, update_batch.batch_id, update_batch.version);
    v_warehouse_ids := ARRAY(
        SELECT w.id FROM warehouse.warehouse AS w WHERE w.tenant_id = v_tenant_id
    );
    IF NOT isfinite(coalesce(update_batch.expiry_date, current_date))
       OR NOT isfinite(coalesce(update_batch.manufacture_date, current_date)) THEN
        RAISE EXCEPTION 'expiry_date and manufacture_date must be calendar dates'
            USING ERRCODE = '22023',
                  DETAIL = format('expiry_date => %s, manufacture_date => %s.',
                                  coalesce(update_batch.expiry_date::text, 'NULL'),
                                  coalesce(update_batch.manufacture_date::text, 'NULL')),
                  HINT = 'Pass the dates on the label; NULL keeps a date.';
    END IF;
    v_expiry := ops.kept_or_cleared(update_batch.expiry_date, v_batch.expiry_date, 'expiry_date' = ANY (update_batch.clear));
    v_made := ops.kept_or_cleared(
        update_batch.manufacture_date, v_batch.manufacture_date, 'manufacture_date' = ANY (update_batch.clear)
    );
    IF v_made > v_expiry THEN
        RAISE EXCEPTION 'a batch cannot expire before it was made'
            USING ERRCODE = '22023',
                  DETAIL = format('It would be made %s and expire %s.', v_made, v_expiry),
                  HINT = 'Check the dates on the label.';
    END IF;
    UPDATE catalog.product_batch AS b
    SET expiry_date = v_expiry, manufacture_date = v_made
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING b.version INTO v_version;
    IF cardinality(v_warehouse_ids) > 0 THEN
        PERFORM inventory.judge_batch_expiry(v_tenant_id, v_batch.id, v_warehouse_ids);
    END IF;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_batch(batch_id uuid, version integer, expiry_date date, manufacture_date date, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_batch(batch_id uuid, version integer, expiry_date date, manufacture_date date, clear text[]) IS 'Corrects a batch''s expiry and manufacture dates (NULL keeps a date; clear names those to empty: expiry_date, manufacture_date) at the version the caller read and returns the new version; allocation (FEFO) and expiry alerts follow the new dates at once, and reservations already made keep their batches. Errors: 42501, 22023 no version, an infinite date, made after it expires, a field clear cannot empty or that is also given, SD404 unknown batch, SD004 stale version.';


--
-- Name: update_carrier(uuid, integer, text, text, boolean, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_carrier(carrier_id uuid, version integer, name text DEFAULT NULL::text, tracking_url_template text DEFAULT NULL::text, active boolean DEFAULT NULL::boolean, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_carrier logistics.carrier;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_carrier');
    PERFORM ops.require_clearable(
        update_carrier.clear, ARRAY['tracking_url_template'],
        jsonb_build_object('tracking_url_template', update_carrier.tracking_url_template)
    );
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT c.* INTO v_carrier
    FROM logistics.carrier AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = update_carrier.carrier_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'carrier % not found', update_carrier.carrier_id
            USING ERRCODE = 'SD404', HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('carrier', v_carrier.id, update_carrier.version, v_carrier.version);
    UPDATE logistics.carrier AS c
    SET name = coalesce(update_carrier.name, c.name),
        tracking_url_template = ops.kept_or_cleared(
            update_carrier.tracking_url_template, c.tracking_url_template, 'tracking_url_template' = ANY (update_carrier.clear)
        ),
        active = coalesce(update_carrier.active, c.active)
    WHERE c.tenant_id = v_tenant_id AND c.id = v_carrier.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_carrier(carrier_id uuid, version integer, name text, tracking_url_template text, active boolean, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_carrier(carrier_id uuid, version integer, name text, tracking_url_template text, active boolean, clear text[]) IS 'Changes the given fields of a carrier (NULL keeps a field; clear => ''{tracking_url_template}'' empties it) and returns the new version. Errors: 42501, 22023 no version or a field clear cannot empty or that is also given, SD404, SD004 stale version, 23514 a value the table''s CHECKs refuse.';


--
-- Name: update_category(uuid, integer, text, uuid, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_category(category_id uuid, version integer, name text DEFAULT NULL::text, parent_id uuid DEFAULT NULL::uuid, make_root boolean DEFAULT false) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_category catalog.product_category;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_category');
    -- The tree before the row: a move elsewhere rewrites this row under it.
    PERFORM catalog.lock_category_tree(v_tenant_id);
    SELECT c.* INTO v_category
    FROM catalog.product_category AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = update_category.category_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'category % not found', update_category.category_id
            USING ERRCODE = 'SD404', HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('product_category', v_category.id, update_category.version, v_category.version);
    IF update_category.make_root AND update_category.parent_id IS NOT NULL THEN
        RAISE EXCEPTION 'make_root and parent_id exclude each other'
            USING ERRCODE = '22023', HINT = 'Pass parent_id to move the category, or make_root => true to lift it to the top.';
    END IF;
    IF update_category.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM catalog.product_category AS c WHERE c.tenant_id = v_tenant_id AND c.id = update_category.parent_id
    ) THEN
        RAISE EXCEPTION 'category % not found', update_category.parent_id
            USING ERRCODE = 'SD404', DETAIL = 'parent_id names no category of the calling tenant.', HINT = 'Check the id.';
    END IF;
    PERFORM ops.require_length(update_category.name, 'name', 200);
    IF update_category.name IS NOT NULL AND btrim(update_category.name) = '' THEN
        RAISE EXCEPTION 'name must not be blank' USING ERRCODE = '22023', HINT = 'Pass NULL to keep the name.';
    END IF;
    PERFORM catalog.require_category_name(update_category.name);
    -- A move under its own descendant fails in the path trigger (23514, product_category_acyclic_check).
    UPDATE catalog.product_category AS c
    SET name = coalesce(update_category.name, c.name),
        parent_id = CASE WHEN update_category.make_root THEN NULL ELSE coalesce(update_category.parent_id, c.parent_id) END
    WHERE c.tenant_id = v_tenant_id AND c.id = v_category.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_category(category_id uuid, version integer, name text, parent_id uuid, make_root boolean); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_category(category_id uuid, version integer, name text, parent_id uuid, make_root boolean) IS 'Renames a category and/or moves it under parent_id (make_root lifts it to the top); its subtree moves with it. Returns the new version. Errors: 42501, 22023 (a name holding a / or beginning or ending with a blank too), SD404, SD004 stale version, 23514 a move under its own descendant, 23505 name taken under the new parent.';


--
-- Name: update_customer(uuid, integer, text, text, text, jsonb, jsonb, boolean, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_customer(customer_id uuid, version integer, name text DEFAULT NULL::text, email text DEFAULT NULL::text, phone text DEFAULT NULL::text, billing_address jsonb DEFAULT NULL::jsonb, shipping_address jsonb DEFAULT NULL::jsonb, active boolean DEFAULT NULL::boolean, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_customer sales.customer;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_customer');
    PERFORM ops.require_clearable(
        update_customer.clear, ARRAY['email', 'phone'],
        jsonb_build_object('email', update_customer.email, 'phone', update_customer.phone)
    );
    PERFORM ops.require_email(update_customer.email);
    PERFORM ops.require_shallow_json(update_customer.billing_address, 'billing_address'),
            ops.require_shallow_json(update_customer.shipping_address, 'shipping_address');
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT c.* INTO v_customer
    FROM sales.customer AS c
    WHERE c.tenant_id = v_tenant_id AND c.id = update_customer.customer_id AND c.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % not found', update_customer.customer_id
            USING ERRCODE = 'SD404', HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('customer', v_customer.id, update_customer.version, v_customer.version);
    UPDATE sales.customer AS c
    SET name = coalesce(update_customer.name, c.name),
        email = ops.kept_or_cleared(update_customer.email, c.email, 'email' = ANY (update_customer.clear)),
        phone = ops.kept_or_cleared(update_customer.phone, c.phone, 'phone' = ANY (update_customer.clear)),
        billing_address = coalesce(update_customer.billing_address, c.billing_address),
        shipping_address = coalesce(update_customer.shipping_address, c.shipping_address),
        active = coalesce(update_customer.active, c.active)
    WHERE c.tenant_id = v_tenant_id AND c.id = v_customer.id
    RETURNING c.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_customer(customer_id uuid, version integer, name text, email text, phone text, billing_address jsonb, shipping_address jsonb, active boolean, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_customer(customer_id uuid, version integer, name text, email text, phone text, billing_address jsonb, shipping_address jsonb, active boolean, clear text[]) IS 'Changes the given fields of a customer (NULL keeps a field; clear names those to empty: email, phone) and returns the new version. Errors: 42501, 22023 no version, a malformed or too long email, an address nested 32 levels deep, or a field clear cannot empty or that is also given, SD404, SD004 stale version, 23514 a value the table''s CHECKs refuse.';


--
-- Name: update_location(uuid, integer, warehouse.location_kind, numeric, boolean, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_location(location_id uuid, version integer, kind warehouse.location_kind DEFAULT NULL::warehouse.location_kind, capacity numeric DEFAULT NULL::numeric, active boolean DEFAULT NULL::boolean, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_location warehouse.location;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_location');
    PERFORM ops.require_clearable(
        update_location.clear, ARRAY['capacity'],
        jsonb_build_object('capacity', update_location.capacity)
    );
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT l.* INTO v_location
    FROM warehouse.location AS l
    WHERE l.tenant_id = v_tenant_id AND l.id = update_location.location_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'location % not found', update_location.location_id
            USING ERRCODE = 'SD404', HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('location', v_location.id, update_location.version, v_location.version);
    PERFORM ops.require_finite(update_location.capacity, 'capacity');
    IF update_location.capacity <= 0 THEN
        RAISE EXCEPTION 'capacity must be positive'
            USING ERRCODE = '22023', HINT = 'Pass a positive capacity, or NULL to keep the current one.';
    END IF;
    UPDATE warehouse.location AS l
    SET kind = coalesce(update_location.kind, l.kind),
        capacity = ops.kept_or_cleared(update_location.capacity, l.capacity, 'capacity' = ANY (update_location.clear)),
        active = coalesce(update_location.active, l.active)
    WHERE l.tenant_id = v_tenant_id AND l.id = v_location.id
    RETURNING l.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_location(location_id uuid, version integer, kind warehouse.location_kind, capacity numeric, active boolean, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_location(location_id uuid, version integer, kind warehouse.location_kind, capacity numeric, active boolean, clear text[]) IS 'Changes the kind, capacity or active flag of a location (NULL keeps a field; clear => ''{capacity}'' removes the capacity) and returns the new version; a location turned to quarantine is no longer allocated from. Errors: 42501, 22023, SD404, SD004.';


--
-- Name: update_product(uuid, integer, text, text, uuid, text, text, bigint, character, numeric, numeric, numeric, integer, text, character, jsonb, boolean, uuid, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_product(product_id uuid, version integer, name text DEFAULT NULL::text, description text DEFAULT NULL::text, category_id uuid DEFAULT NULL::uuid, unit text DEFAULT NULL::text, barcode text DEFAULT NULL::text, unit_price_minor bigint DEFAULT NULL::bigint, currency character DEFAULT NULL::bpchar, reorder_point numeric DEFAULT NULL::numeric, safety_stock_level numeric DEFAULT NULL::numeric, min_stock_level numeric DEFAULT NULL::numeric, lead_time_days integer DEFAULT NULL::integer, hs_code text DEFAULT NULL::text, country_of_origin character DEFAULT NULL::bpchar, attributes jsonb DEFAULT NULL::jsonb, active boolean DEFAULT NULL::boolean, preferred_supplier_id uuid DEFAULT NULL::uuid, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_product catalog.product;
    v_version integer;
    v_supplier procurement.supplier;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_product');
    PERFORM ops.require_clearable(
        update_product.clear,
        ARRAY[
            'description', 'category_id', 'barcode', 'unit_price_minor', 'currency', 'hs_code',
            'country_of_origin', 'preferred_supplier_id'
        ],
        jsonb_build_object(
            'description', update_product.description,
            'category_id', update_product.category_id,
            'barcode', update_product.barcode,
            'unit_price_minor', update_product.unit_price_minor,
            'currency', update_product.currency,
            'hs_code', update_product.hs_code,
            'country_of_origin', update_product.country_of_origin,
            'preferred_supplier_id', update_product.preferred_supplier_id
        )
    );
    PERFORM ops.require_shallow_json(update_product.attributes, 'attributes');
    PERFORM ops.require_currency(update_product.currency, 'currency');
    PERFORM catalog.require_trade_codes(update_product.hs_code, update_product.country_of_origin);
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (catalog.lock_product, foreign keys) neither wait for this nor
    -- hold it up. A new unit does wait for them: its trigger takes FOR UPDATE.
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = v_tenant_id AND p.id = update_product.product_id AND p.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % not found', update_product.product_id
            USING ERRCODE = 'SD404', DETAIL = 'No live product with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('product', v_product.id, update_product.version, v_product.version);
    PERFORM ops.require_length(update_product.name, 'name', 500),
            ops.require_length(update_product.description, 'description', 20000),
            ops.require_length(update_product.barcode, 'barcode', 64);
    PERFORM ops.require_finite(update_product.reorder_point, 'reorder_point'),
            ops.require_finite(update_product.safety_stock_level, 'safety_stock_level'),
            ops.require_finite(update_product.min_stock_level, 'min_stock_level');
    IF update_product.name IS NOT NULL AND btrim(update_product.name) = '' THEN
        RAISE EXCEPTION 'name must not be blank' USING ERRCODE = '22023', HINT = 'Pass NULL to keep the name.';
    END IF;
    PERFORM ops.require_length(update_product.unit, 'unit', 100);
    IF update_product.unit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalog.unit AS u WHERE u.code = update_product.unit) THEN
        RAISE EXCEPTION 'unknown unit %', update_product.unit
            USING ERRCODE = '22023',
                  HINT = 'Use one of: ' || (SELECT string_agg(u.code, ', ' ORDER BY u.code) FROM catalog.unit AS u) || '.';
    END IF;
    IF update_product.category_id IS NOT NULL THEN
        PERFORM catalog.require_category(v_tenant_id, update_product.category_id);
    END IF;
    -- Reorder suggestions propose it; no call could set it before.
    IF update_product.preferred_supplier_id IS NOT NULL THEN
        v_supplier := procurement.require_supplier(v_tenant_id, update_product.preferred_supplier_id);
        IF NOT v_supplier.active THEN
            RAISE EXCEPTION 'supplier % is inactive', v_supplier.code
                USING ERRCODE = '22023', HINT = 'Reactivate the supplier (api.update_supplier), or prefer another.';
        END IF;
    END IF;
    -- Everything else is held by the table's CHECKs (23514 names the rule broken).
    UPDATE catalog.product AS p
    SET name = coalesce(update_product.name, p.name),
        description = ops.kept_or_cleared(
            update_product.description, p.description, 'description' = ANY (update_product.clear)
        ),
        category_id = ops.kept_or_cleared(
            update_product.category_id, p.category_id, 'category_id' = ANY (update_product.clear)
        ),
        unit = coalesce(update_product.unit, p.unit),
        barcode = ops.kept_or_cleared(update_product.barcode, p.barcode, 'barcode' = ANY (update_product.clear)),
        unit_price_minor = ops.kept_or_cleared(
            update_product.unit_price_minor, p.unit_price_minor, 'unit_price_minor' = ANY (update_product.clear)
        ),
        currency = ops.kept_or_cleared(update_product.currency, p.currency, 'currency' = ANY (update_product.clear)),
        reorder_point = coalesce(update_product.reorder_point, p.reorder_point),
        safety_stock_level = coalesce(update_product.safety_stock_level, p.safety_stock_level),
        min_stock_level = coalesce(update_product.min_stock_level, p.min_stock_level),
        lead_time_days = coalesce(update_product.lead_time_days, p.lead_time_days),
        hs_code = ops.kept_or_cleared(update_product.hs_code, p.hs_code, 'hs_code' = ANY (update_product.clear)),
        country_of_origin = ops.kept_or_cleared(
            update_product.country_of_origin, p.country_of_origin, 'country_of_origin' = ANY (update_product.clear)
        ),
        attributes = coalesce(update_product.attributes, p.attributes),
        active = coalesce(update_product.active, p.active),
        preferred_supplier_id = ops.kept_or_cleared(
            update_product.preferred_supplier_id, p.preferred_supplier_id, 'preferred_supplier_id' = ANY (update_product.clear)
        )
    WHERE p.tenant_id = v_tenant_id AND p.id = v_product.id
    RETURNING p.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_product(product_id uuid, version integer, name text, description text, category_id uuid, unit text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb, active boolean, preferred_supplier_id uuid, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_product(product_id uuid, version integer, name text, description text, category_id uuid, unit text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb, active boolean, preferred_supplier_id uuid, clear text[]) IS 'Changes the given fields of a product (NULL keeps a field; clear names those to empty: description, category_id, barcode, unit_price_minor with currency, hs_code, country_of_origin, preferred_supplier_id) at the version the caller read, and returns the new version; the unit is fixed once the product''s stock has moved or it is on an order line. Errors: 42501, 22023 blank or too long name, description or barcode, a level of NaN or too large, unknown unit or a new unit for stock that has moved or order lines, attributes nested 32 levels deep, a malformed currency, hs_code or country_of_origin, an inactive preferred supplier, a field clear cannot empty or that is also given, SD404 unknown product, category or supplier, SD004 stale version, 23514 a value the table''s CHECKs refuse.';


--
-- Name: update_purchase_order(uuid, integer, timestamp with time zone, text, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone DEFAULT NULL::timestamp with time zone, notes text DEFAULT NULL::text, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order procurement.purchase_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_purchase_order');
    PERFORM ops.require_clearable(
        update_purchase_order.clear, ARRAY['expected_at', 'notes'],
        jsonb_build_object('expected_at', update_purchase_order.expected_at, 'notes', update_purchase_order.notes)
    );
    IF NOT isfinite(coalesce(update_purchase_order.expected_at, now())) THEN
        RAISE EXCEPTION 'expected_at must be a point in time'
            USING ERRCODE = '22023', DETAIL = format('expected_at => %s.', update_purchase_order.expected_at),
                  HINT = 'Pass when the supplier now expects to deliver, or clear => ''{expected_at}'' for no date.';
    END IF;
    v_order := procurement.lock_purchase_order(v_tenant_id, update_purchase_order.order_id, update_purchase_order.version);
    IF v_order.status NOT IN ('draft', 'ordered', 'partial') THEN
        RAISE EXCEPTION 'purchase order % is %: it can be changed until it is received or cancelled only',
            v_order.number, v_order.status
            USING ERRCODE = 'SD003', HINT = 'Check the order''s current status (report.purchase_order_status).';
    END IF;
    -- purchase_order_expected_at_check would refuse it with a bare 23514.
    IF update_purchase_order.expected_at < v_order.ordered_at THEN
        RAISE EXCEPTION 'expected_at is before the order is placed'
            USING ERRCODE = '22023',
                  DETAIL = format('expected_at => %s; purchase order %s was placed at %s.',
                                  update_purchase_order.expected_at, v_order.number, v_order.ordered_at),
                  HINT = 'Pass when the supplier now expects to deliver.';
    END IF;
    UPDATE procurement.purchase_order AS po
    SET expected_at = ops.kept_or_cleared(
            update_purchase_order.expected_at, po.expected_at, 'expected_at' = ANY (update_purchase_order.clear)
        ),
        notes = ops.kept_or_cleared(update_purchase_order.notes, po.notes, 'notes' = ANY (update_purchase_order.clear))
    WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id
    RETURNING po.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone, notes text, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone, notes text, clear text[]) IS 'Changes a purchase order''s expected delivery or notes (NULL keeps one; clear names those to empty: expected_at, notes) while it is a draft, ordered or partially received, and returns its new version: the date a supplier gives when a delivery slips, so report.purchase_order_status says overdue only past it. Errors: 42501, 22023 no version, an expected_at that is not a point in time or is before the order was placed, or a field clear cannot empty or that is also given, SD404, SD004 stale version, SD003 received or cancelled.';


--
-- Name: update_purchase_order_item(uuid, integer, numeric, bigint); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_purchase_order_item(item_id uuid, version integer, quantity numeric DEFAULT NULL::numeric, unit_cost_minor bigint DEFAULT NULL::bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_item procurement.purchase_order_item;
    v_order procurement.purchase_order;
    v_product catalog.product;
    v_quantity numeric;
    v_cost bigint;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_purchase_order_item');
    v_item := procurement.lock_draft_line(v_tenant_id, update_purchase_order_item.item_id,
                                          update_purchase_order_item.version, 'changed');
    SELECT po.* INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = v_tenant_id AND po.id = v_item.purchase_order_id;
    v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
    v_quantity := coalesce(update_purchase_order_item.quantity, v_item.quantity_ordered);
    v_cost := coalesce(update_purchase_order_item.unit_cost_minor, v_item.unit_cost_minor);
    PERFORM catalog.check_quantity(v_product, v_quantity, 'quantity');
    IF v_cost < 0 THEN
        RAISE EXCEPTION 'unit_cost_minor must be zero or more'
            USING ERRCODE = '22023', DETAIL = format('unit_cost_minor => %s.', v_cost),
                  HINT = 'Pass the cost of one unit in minor units of the order''s currency.';
    END IF;
    -- The line's new total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            v_quantity * v_cost, 'the line total', format('quantity %s × unit_cost_minor %s', v_quantity, v_cost)
        )::numeric + v_order.total_minor - v_item.line_total_minor,
        'the order total',
        format('order %s totals %s without this line', v_order.number, v_order.total_minor - v_item.line_total_minor)
    );
    UPDATE procurement.purchase_order_item AS i
    SET quantity_ordered = v_quantity, unit_cost_minor = v_cost
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The total's trigger (_300_total) updated the order, so its version moved
    -- on, even where the line total stayed the same.
    RETURN (SELECT po.version FROM procurement.purchase_order AS po WHERE po.tenant_id = v_tenant_id AND po.id = v_order.id);
END
$$;


--
-- Name: FUNCTION update_purchase_order_item(item_id uuid, version integer, quantity numeric, unit_cost_minor bigint); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_purchase_order_item(item_id uuid, version integer, quantity numeric, unit_cost_minor bigint) IS 'Changes the quantity or unit cost of a draft purchase order''s line (NULL keeps one; the order total follows) and returns the order''s new version; version is the order''s. Errors: 42501, 22023 no version, bad quantity or cost, or a line or order total too large, SD404 unknown line, SD004 stale version, SD003 order no longer a draft.';


--
-- Name: update_reservation(uuid, integer, timestamp with time zone, text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_reservation(reservation_id uuid, version integer, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, reference text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_reservation inventory.reservation;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_reservation');
    -- The row alone, no stock lock: no stock moves. ops.expire_reservations
    -- takes the stock lock and then this row, so it waits for this call and
    -- then sees the new expiry (inventory.close_reservation checks it again).
    SELECT r.* INTO v_reservation
    FROM inventory.reservation AS r
    WHERE r.tenant_id = v_tenant_id AND r.id = update_reservation.reservation_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'reservation % not found', update_reservation.reservation_id
            USING ERRCODE = 'SD404', DETAIL = 'No reservation with this id belongs to the calling tenant.',
                  HINT = 'Read the ids from report.reservations.';
    END IF;
    PERFORM ops.check_version('reservation', v_reservation.id, update_reservation.version, v_reservation.version);
    PERFORM sales.require_unordered_reservation(v_tenant_id, v_reservation.id, 'changed');
    IF v_reservation.status <> 'active' THEN
        RAISE EXCEPTION 'reservation % is %, not active', v_reservation.id, v_reservation.status
            USING ERRCODE = 'SD003', HINT = 'Only an active reservation can be changed; reserve the stock again.';
    END IF;
    IF update_reservation.expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future'
            USING ERRCODE = '22023',
                  DETAIL = format('expires_at => %s, now is %s.', update_reservation.expires_at, now()),
                  HINT = 'Pass ''infinity'' for a reservation that does not expire, or release it.';
    END IF;
    UPDATE inventory.reservation AS r
    SET expires_at = CASE
            WHEN update_reservation.expires_at IS NULL THEN r.expires_at
            WHEN update_reservation.expires_at = 'infinity' THEN NULL
            ELSE update_reservation.expires_at
        END,
        reference = coalesce(update_reservation.reference, r.reference)
    WHERE r.tenant_id = v_tenant_id AND r.id = v_reservation.id
    RETURNING r.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_reservation(reservation_id uuid, version integer, expires_at timestamp with time zone, reference text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_reservation(reservation_id uuid, version integer, expires_at timestamp with time zone, reference text) IS 'Changes an active reservation''s expires_at (in the future; ''infinity'' for none) or reference (NULL keeps a field) and returns the new version; the stock it holds stays as it is. Not a sales order''s reservation. Errors: 42501, 22023 no version, expires_at not in the future or a sales order''s reservation, SD404 unknown reservation, SD004 stale version, SD003 reservation not active.';


--
-- Name: update_sales_order(uuid, integer, jsonb, bigint, bigint); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_sales_order(order_id uuid, version integer, shipping_address jsonb DEFAULT NULL::jsonb, shipping_minor bigint DEFAULT NULL::bigint, tax_minor bigint DEFAULT NULL::bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_order sales.sales_order;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_sales_order');
    PERFORM ops.require_shallow_json(update_sales_order.shipping_address, 'shipping_address');
    IF jsonb_typeof(coalesce(update_sales_order.shipping_address, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'shipping_address must be a JSON object'
            USING ERRCODE = '22023',
                  DETAIL = format('shipping_address => %s.', left(update_sales_order.shipping_address::text, 200)),
                  HINT = 'Pass {"street": …, "city": …, …}, or NULL to keep the address.';
    END IF;
    IF update_sales_order.shipping_minor < 0 OR update_sales_order.tax_minor < 0 THEN
        RAISE EXCEPTION 'shipping_minor and tax_minor must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('shipping_minor => %s, tax_minor => %s.',
                                  update_sales_order.shipping_minor, update_sales_order.tax_minor),
                  HINT = 'Pass amounts in minor units of the currency, or NULL to keep one.';
    END IF;
    v_order := sales.lock_sales_order(v_tenant_id, update_sales_order.order_id, update_sales_order.version);
    IF coalesce(update_sales_order.shipping_minor <> v_order.shipping_minor, FALSE)
       OR coalesce(update_sales_order.tax_minor <> v_order.tax_minor, FALSE) THEN
        -- What the customer pays changes: as a change of its lines, only before
        -- the order is reserved, and an approved one is approved again.
        v_order := sales.lock_open_order(
            v_tenant_id, v_order.id, update_sales_order.version, 'its shipping and tax can be changed'
        );
    ELSIF v_order.status NOT IN ('pending', 'approved', 'processing') THEN
        -- The shipment took the address when the order shipped.
        RAISE EXCEPTION 'sales order % is %: it can be changed until it ships only', v_order.number, v_order.status
            USING ERRCODE = 'SD003', DETAIL = 'Its shipment took the shipping address when it left.',
                  HINT = 'Check the order''s current status (report.sales_order_fulfilment).';
    END IF;
    PERFORM ops.require_amount(
        v_order.subtotal_minor::numeric + coalesce(update_sales_order.shipping_minor, v_order.shipping_minor)
        + coalesce(update_sales_order.tax_minor, v_order.tax_minor),
        'the order total',
        format('subtotal %s, shipping_minor %s, tax_minor %s', v_order.subtotal_minor,
               coalesce(update_sales_order.shipping_minor, v_order.shipping_minor),
               coalesce(update_sales_order.tax_minor, v_order.tax_minor))
    );
    UPDATE sales.sales_order AS so
    SET shipping_address = coalesce(update_sales_order.shipping_address, so.shipping_address),
        shipping_minor = coalesce(update_sales_order.shipping_minor, so.shipping_minor),
        tax_minor = coalesce(update_sales_order.tax_minor, so.tax_minor),
        total_minor = so.subtotal_minor + coalesce(update_sales_order.shipping_minor, so.shipping_minor)
        + coalesce(update_sales_order.tax_minor, so.tax_minor)
    WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id
    RETURNING so.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_sales_order(order_id uuid, version integer, shipping_address jsonb, shipping_minor bigint, tax_minor bigint); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_sales_order(order_id uuid, version integer, shipping_address jsonb, shipping_minor bigint, tax_minor bigint) IS 'Changes a sales order''s shipping_address, shipping_minor or tax_minor (NULL keeps one; the total follows) and returns its new version. The address can change until the order ships; shipping and tax only before it is reserved, and an approved order whose amounts change goes back to pending, to be approved again. Errors: 42501, 22023 no version, a negative amount, a total too large or an address that is not a JSON object, SD404 unknown order, SD004 stale version, SD003 shipped or further on, or amounts of a reserved order.';


--
-- Name: update_sales_order_item(uuid, integer, numeric, bigint); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_sales_order_item(item_id uuid, version integer, quantity numeric DEFAULT NULL::numeric, unit_price_minor bigint DEFAULT NULL::bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_item sales.sales_order_item;
    v_order sales.sales_order;
    v_product catalog.product;
    v_quantity numeric;
    v_price bigint;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_sales_order_item');
    v_item := sales.lock_open_line(
        v_tenant_id, update_sales_order_item.item_id, update_sales_order_item.version, 'lines can be changed'
    );
    SELECT so.* INTO v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = v_tenant_id AND so.id = v_item.sales_order_id;
    v_product := catalog.lock_product(v_tenant_id, v_item.product_id);
    v_quantity := catalog.check_quantity(
        v_product, coalesce(update_sales_order_item.quantity, v_item.quantity), 'quantity'
    );
    v_price := sales.line_price(
        v_product, v_order.currency, coalesce(update_sales_order_item.unit_price_minor, v_item.unit_price_minor),
        'the line'
    );
    -- The line's new total, and the order's with it, fit their bigint columns.
    PERFORM ops.require_amount(
        ops.require_amount(
            v_quantity * v_price, 'the line total', format('quantity %s × unit_price_minor %s', v_quantity, v_price)
        )::numeric + v_order.total_minor - v_item.line_total_minor,
        'the order total',
        format('order %s totals %s without this line', v_order.number, v_order.total_minor - v_item.line_total_minor)
    );
    UPDATE sales.sales_order_item AS i
    SET quantity = v_quantity, unit_price_minor = v_price
    WHERE i.tenant_id = v_tenant_id AND i.id = v_item.id;
    -- The subtotal's trigger (_300_subtotal) updated the order, so its version
    -- moved on, even where the line total stayed the same.
    RETURN (SELECT so.version FROM sales.sales_order AS so WHERE so.tenant_id = v_tenant_id AND so.id = v_order.id);
END
$$;


--
-- Name: FUNCTION update_sales_order_item(item_id uuid, version integer, quantity numeric, unit_price_minor bigint); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_sales_order_item(item_id uuid, version integer, quantity numeric, unit_price_minor bigint) IS 'Changes the quantity or unit price of a pending or approved sales order''s line (NULL keeps one; the order total follows; an approved order goes back to pending, to be approved again) and returns the order''s new version; version is the order''s. Errors: 42501, 22023 no version, bad quantity or price, or a line or order total too large, SD404 unknown line, SD004 stale version, SD003 order reserved or further on.';


--
-- Name: update_supplier(uuid, integer, text, text, text, jsonb, integer, boolean, text[]); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_supplier(supplier_id uuid, version integer, name text DEFAULT NULL::text, email text DEFAULT NULL::text, phone text DEFAULT NULL::text, address jsonb DEFAULT NULL::jsonb, lead_time_days integer DEFAULT NULL::integer, active boolean DEFAULT NULL::boolean, clear text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_supplier procurement.supplier;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_supplier');
    PERFORM ops.require_clearable(
        update_supplier.clear, ARRAY['email', 'phone', 'lead_time_days'],
        jsonb_build_object(
            'email', update_supplier.email,
            'phone', update_supplier.phone,
            'lead_time_days', update_supplier.lead_time_days
        )
    );
    PERFORM ops.require_email(update_supplier.email);
    PERFORM ops.require_shallow_json(update_supplier.address, 'address');
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT s.* INTO v_supplier
    FROM procurement.supplier AS s
    WHERE s.tenant_id = v_tenant_id AND s.id = update_supplier.supplier_id AND s.deleted_at IS NULL
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supplier % not found', update_supplier.supplier_id
            USING ERRCODE = 'SD404', HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('supplier', v_supplier.id, update_supplier.version, v_supplier.version);
    UPDATE procurement.supplier AS s
    SET name = coalesce(update_supplier.name, s.name),
        email = ops.kept_or_cleared(update_supplier.email, s.email, 'email' = ANY (update_supplier.clear)),
        phone = ops.kept_or_cleared(update_supplier.phone, s.phone, 'phone' = ANY (update_supplier.clear)),
        address = coalesce(update_supplier.address, s.address),
        lead_time_days = ops.kept_or_cleared(
            update_supplier.lead_time_days, s.lead_time_days, 'lead_time_days' = ANY (update_supplier.clear)
        ),
        active = coalesce(update_supplier.active, s.active)
    WHERE s.tenant_id = v_tenant_id AND s.id = v_supplier.id
    RETURNING s.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_supplier(supplier_id uuid, version integer, name text, email text, phone text, address jsonb, lead_time_days integer, active boolean, clear text[]); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_supplier(supplier_id uuid, version integer, name text, email text, phone text, address jsonb, lead_time_days integer, active boolean, clear text[]) IS 'Changes the given fields of a supplier (NULL keeps a field; clear names those to empty: email, phone, lead_time_days) and returns the new version. Errors: 42501, 22023 no version, a malformed or too long email, an address nested 32 levels deep, or a field clear cannot empty or that is also given, SD404, SD004 stale version, 23514 a value the table''s CHECKs refuse.';


--
-- Name: update_user(uuid, integer, text, text, boolean, uuid, text[], text); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_user(user_id uuid, version integer, display_name text DEFAULT NULL::text, role text DEFAULT NULL::text, active boolean DEFAULT NULL::boolean, supplier_id uuid DEFAULT NULL::uuid, clear text[] DEFAULT NULL::text[], email text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_user auth.app_user;
    v_role auth.user_role;
    v_active boolean;
    v_supplier_id uuid;
    v_admins_left bigint;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_user');
    PERFORM ops.require_clearable(
        update_user.clear, ARRAY['display_name'],
        jsonb_build_object('display_name', update_user.display_name)
    );
    IF update_user.role IS NOT NULL THEN
        PERFORM auth.require_role(update_user.role);
    END IF;
    PERFORM ops.require_email(update_user.email);
    -- Changes to a tenant's users take turns on its row, so two admins who
    -- demote or deactivate each other cannot both see the other one left.
    -- NO KEY UPDATE: the foreign keys of rows being made (FOR KEY SHARE) do not wait.
    PERFORM 1 FROM auth.tenant AS t WHERE t.id = v_tenant_id FOR NO KEY UPDATE;
    SELECT u.* INTO v_user
    FROM auth.app_user AS u
    WHERE u.tenant_id = v_tenant_id AND u.id = update_user.user_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'user % not found', update_user.user_id
            USING ERRCODE = 'SD404', DETAIL = 'No user of this tenant has this id.',
                  HINT = 'Pass the id api.create_user returned (api.list_users lists them).';
    END IF;
    PERFORM ops.check_version('user', v_user.id, update_user.version, v_user.version);
    -- The sign-in name: unique per tenant whatever its case, as api.create_user
    -- checks (and auth.app_user's unique index holds against a race).
    IF EXISTS (
        SELECT 1 FROM auth.app_user AS u
        WHERE u.tenant_id = v_tenant_id AND lower(u.email) = lower(update_user.email) AND u.id <> v_user.id
    ) THEN
        RAISE EXCEPTION 'a user with email % exists', update_user.email
            USING ERRCODE = '23505', DETAIL = 'Emails are unique per tenant, compared case-insensitively.',
                  HINT = 'Pass an address no other user of the tenant has.';
    END IF;

    v_role := coalesce(update_user.role::auth.user_role, v_user.role);
    v_active := coalesce(update_user.active, v_user.active);
    -- Only a partner belongs to a supplier: a new role other than partner leaves it.
    v_supplier_id := CASE WHEN v_role = 'partner' THEN coalesce(update_user.supplier_id, v_user.supplier_id) END;
    -- Checked when the role or supplier changes: a partner made before
    -- supplier_id existed can still be renamed or deactivated.
    IF (update_user.role IS NOT NULL OR update_user.supplier_id IS NOT NULL)
       AND ((v_role = 'partner') <> (v_supplier_id IS NOT NULL)
            OR (update_user.supplier_id IS NOT NULL AND v_role <> 'partner')) THEN
        RAISE EXCEPTION 'a partner, and only a partner, belongs to a supplier'
            USING ERRCODE = '22023',
                  DETAIL = format('The user would have role %s and supplier_id %s.', v_role,
                                  coalesce(update_user.supplier_id::text, 'NULL')),
                  HINT = 'Pass supplier_id when making a user a partner, and only then.';
    END IF;
    IF update_user.supplier_id IS NOT NULL THEN
        PERFORM procurement.require_supplier(v_tenant_id, update_user.supplier_id);
    END IF;
    IF v_user.role = 'admin' AND v_user.active AND NOT (v_role = 'admin' AND v_active) THEN
        SELECT count(*) INTO v_admins_left
        FROM auth.app_user AS u
        WHERE u.tenant_id = v_tenant_id AND u.role = 'admin' AND u.active AND u.id <> v_user.id;
        IF v_admins_left = 0 THEN
            RAISE EXCEPTION 'user % is the tenant''s last active admin', v_user.email
                USING ERRCODE = '22023',
                      DETAIL = format('Making them %s would leave the tenant no active admin.',
                                      CASE WHEN NOT v_active THEN 'inactive' ELSE v_role::text END),
                      HINT = 'Make another user an admin first.';
        END IF;
    END IF;

    UPDATE auth.app_user AS u
    SET email = coalesce(update_user.email, u.email),
        display_name = ops.kept_or_cleared(
            update_user.display_name, u.display_name, 'display_name' = ANY (update_user.clear)
        ),
        role = v_role,
        active = v_active,
        supplier_id = v_supplier_id
    WHERE u.tenant_id = v_tenant_id AND u.id = v_user.id
    RETURNING u.version INTO v_version;
    -- A deactivated user is signed out everywhere: reactivating them later
    -- does not bring their old sessions back.
    IF v_user.active AND NOT v_active THEN
        UPDATE auth.refresh_token AS t SET revoked_at = greatest(now(), t.created_at)
        WHERE t.tenant_id = v_tenant_id AND t.user_id = v_user.id AND t.revoked_at IS NULL
          AND t.expires_at > now();
    END IF;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_user(user_id uuid, version integer, display_name text, role text, active boolean, supplier_id uuid, clear text[], email text); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_user(user_id uuid, version integer, display_name text, role text, active boolean, supplier_id uuid, clear text[], email text) IS 'Changes the given fields of a user (NULL keeps a field; clear => ''{display_name}'' empties it) and returns the new version: email (the sign-in name), display_name, role, active (deactivating revokes the user''s refresh tokens) and supplier_id (a partner''s supplier; a user leaving the partner role leaves its supplier). The tenant keeps at least one active admin. Admins or system work only. Errors: 42501, 22023 bad role or email, supplier_id for the role, no version, the last active admin, or a field clear cannot empty or that is also given, SD404 unknown user or supplier, SD004 stale version, 23505 email already used.';


--
-- Name: update_warehouse(uuid, integer, text, jsonb, text, boolean); Type: FUNCTION; Schema: api; Owner: -
--

CREATE FUNCTION api.update_warehouse(warehouse_id uuid, version integer, name text DEFAULT NULL::text, address jsonb DEFAULT NULL::jsonb, timezone text DEFAULT NULL::text, active boolean DEFAULT NULL::boolean) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_warehouse warehouse.warehouse;
    v_version integer;
BEGIN
    PERFORM auth.require_permission(v_tenant_id, 'api.update_warehouse');
    PERFORM ops.require_shallow_json(update_warehouse.address, 'address');
    -- NO KEY UPDATE, as the UPDATE below takes: calls under way that take the row
    -- FOR KEY SHARE (their foreign keys) neither wait for this nor hold it up.
    SELECT w.* INTO v_warehouse
    FROM warehouse.warehouse AS w
    WHERE w.tenant_id = v_tenant_id AND w.id = update_warehouse.warehouse_id
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse % not found', update_warehouse.warehouse_id
            USING ERRCODE = 'SD404', HINT = 'Check the id.';
    END IF;
    PERFORM ops.check_version('warehouse', v_warehouse.id, update_warehouse.version, v_warehouse.version);
    PERFORM ops.require_length(update_warehouse.timezone, 'timezone', 100);
    IF update_warehouse.timezone IS NOT NULL AND NOT ops.is_valid_timezone(update_warehouse.timezone) THEN
        RAISE EXCEPTION 'unknown time zone %', update_warehouse.timezone
            USING ERRCODE = '22023', HINT = 'Pass an IANA time zone such as ''Europe/Berlin''.';
    END IF;
    UPDATE warehouse.warehouse AS w
    SET name = coalesce(update_warehouse.name, w.name),
        address = coalesce(update_warehouse.address, w.address),
        timezone = coalesce(update_warehouse.timezone, w.timezone),
        active = coalesce(update_warehouse.active, w.active)
    WHERE w.tenant_id = v_tenant_id AND w.id = v_warehouse.id
    RETURNING w.version INTO v_version;
    RETURN v_version;
END
$$;


--
-- Name: FUNCTION update_warehouse(warehouse_id uuid, version integer, name text, address jsonb, timezone text, active boolean); Type: COMMENT; Schema: api; Owner: -
--

COMMENT ON FUNCTION api.update_warehouse(warehouse_id uuid, version integer, name text, address jsonb, timezone text, active boolean) IS 'Changes the given fields of a warehouse (NULL keeps a field) and returns the new version. Errors: 42501, 22023 unknown time zone or an address nested 32 levels deep, SD404, SD004 stale version, 23514 a value the table''s CHECKs refuse.';


--
-- Name: claim_outbox(integer); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.claim_outbox(batch_size integer) RETURNS TABLE(id uuid, queue_position bigint, tenant_id uuid, collection text, document jsonb, created_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF claim_outbox.batch_size IS NULL OR claim_outbox.batch_size NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'batch_size must be between 1 and 10000'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('audit.claim_outbox was called with batch_size => %s.',
                                             claim_outbox.batch_size),
                  HINT = 'The relay sends 500 by default.';
    END IF;
    RETURN QUERY
    SELECT o.id, o.position, o.tenant_id, o.collection, o.document, o.created_at
    FROM audit.outbox AS o
    WHERE o.delivered_at IS NULL AND o.parked_at IS NULL
    ORDER BY o.position
    LIMIT claim_outbox.batch_size
    FOR UPDATE SKIP LOCKED;
END
$$;


--
-- Name: FUNCTION claim_outbox(batch_size integer); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.claim_outbox(batch_size integer) IS 'Locks and returns up to batch_size undelivered outbox rows in delivery order, skipping rows another relay holds and parked rows (audit.park_outbox). Call it in a transaction and end that transaction after audit.mark_delivered, audit.mark_failed or audit.park_outbox.';


--
-- Name: discard_parked_outbox(uuid[]); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.discard_parked_outbox(ids uuid[]) RETURNS TABLE(id uuid, tenant_id uuid, kind text, collection text, created_at timestamp with time zone, document jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF cardinality(discard_parked_outbox.ids) IS NULL OR cardinality(discard_parked_outbox.ids) = 0 THEN
        RAISE EXCEPTION 'name the parked rows to discard'
            USING ERRCODE = '22023', DETAIL = 'audit.discard_parked_outbox was called with no id.',
                  HINT = 'stockdb relay parked lists them; pass each with --id.';
    END IF;
    PERFORM audit.require_parked(discard_parked_outbox.ids);
    RETURN QUERY
    DELETE FROM audit.outbox AS o
    WHERE o.id = ANY (discard_parked_outbox.ids) AND o.parked_at IS NOT NULL AND o.delivered_at IS NULL
    RETURNING o.id, o.tenant_id, o.kind, o.collection, o.created_at, o.document;
END
$$;


--
-- Name: FUNCTION discard_parked_outbox(ids uuid[]); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.discard_parked_outbox(ids uuid[]) IS 'Deletes the parked outbox rows named by ids and returns them with their documents. Errors: 22023 no id, SD404 an id that is not a parked row (nothing discarded).';


--
-- Name: mark_delivered(uuid[]); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mark_delivered(ids uuid[]) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count bigint;
BEGIN
    UPDATE audit.outbox AS o
    SET delivered_at = pg_catalog.clock_timestamp(), last_attempt_at = pg_catalog.clock_timestamp()
    WHERE o.id = ANY (mark_delivered.ids) AND o.delivered_at IS NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION mark_delivered(ids uuid[]); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.mark_delivered(ids uuid[]) IS 'Marks outbox rows delivered (MongoDB acknowledged them); returns how many were still undelivered.';


--
-- Name: mark_failed(uuid[], text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mark_failed(ids uuid[], error text) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count bigint;
BEGIN
    UPDATE audit.outbox AS o
    SET attempts = o.attempts + 1,
        last_attempt_at = pg_catalog.clock_timestamp(),
        last_error = pg_catalog.left(coalesce(mark_failed.error, 'unknown error'), 2000)
    WHERE o.id = ANY (mark_failed.ids) AND o.delivered_at IS NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION mark_failed(ids uuid[], error text); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.mark_failed(ids uuid[], error text) IS 'Counts a failed delivery on outbox rows and records its error (cut at 2000 characters); they stay undelivered.';


--
-- Name: omit_large_values(jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.omit_large_values(row_values jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT jsonb_object_agg(
        e.key,
        CASE
            WHEN pg_column_size(e.value) > 65536 THEN jsonb_build_object(
                'omitted', 'too large for the audit log',
                'bytes', octet_length(e.value::text),
                'md5', md5(e.value::text)
            )
            ELSE e.value
        END
    )
    FROM jsonb_each(omit_large_values.row_values) AS e
$$;


--
-- Name: FUNCTION omit_large_values(row_values jsonb); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.omit_large_values(row_values jsonb) IS 'The row with every value of more than 64 kB replaced by {omitted, bytes, md5} (md5 of its JSON text).';


--
-- Name: outbox_status(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.outbox_status() RETURNS TABLE(collection text, pending bigint, oldest_pending_at timestamp with time zone, failing bigint, last_error text, delivered bigint, last_delivered_at timestamp with time zone, parked bigint, last_parked_error text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT
        c.collection,
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL),
        (SELECT min(o.created_at) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL AND o.attempts > 0),
        (SELECT o.last_error FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NULL
           AND o.last_error IS NOT NULL
         ORDER BY o.last_attempt_at DESC LIMIT 1),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NOT NULL),
        (SELECT max(o.delivered_at) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NOT NULL),
        (SELECT count(*) FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL),
        (SELECT o.last_error FROM audit.outbox AS o
         WHERE o.collection = c.collection AND o.delivered_at IS NULL AND o.parked_at IS NOT NULL
         ORDER BY o.parked_at DESC LIMIT 1)
    FROM (VALUES ('audit_logs'), ('alerts')) AS c (collection)
$$;


--
-- Name: FUNCTION outbox_status(); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.outbox_status() IS 'Per MongoDB collection: rows waiting and the oldest of them, how many of those failed at least once and the newest error, rows delivered and not yet purged, the last delivery, and rows parked (refused by MongoDB for their document) with the newest of their errors.';


--
-- Name: park_outbox(uuid, text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.park_outbox(id uuid, error text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE audit.outbox AS o
    SET parked_at = pg_catalog.clock_timestamp(),
        attempts = o.attempts + 1,
        last_attempt_at = pg_catalog.clock_timestamp(),
        last_error = pg_catalog.left(coalesce(park_outbox.error, 'unknown error'), 2000)
    WHERE o.id = park_outbox.id AND o.delivered_at IS NULL;
    RETURN FOUND;
END
$$;


--
-- Name: FUNCTION park_outbox(id uuid, error text); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.park_outbox(id uuid, error text) IS 'Sets an undelivered outbox row aside (parked_at) with the error MongoDB gave for its document alone; audit.claim_outbox skips it until audit.unpark_outbox. Returns whether a row was parked.';


--
-- Name: parked_outbox(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.parked_outbox() RETURNS TABLE(id uuid, tenant_id uuid, kind text, collection text, created_at timestamp with time zone, parked_at timestamp with time zone, attempts integer, last_error text, document_bytes integer)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT o.id, o.tenant_id, o.kind, o.collection, o.created_at, o.parked_at, o.attempts, o.last_error,
           pg_column_size(o.document)
    FROM audit.outbox AS o
    WHERE o.parked_at IS NOT NULL AND o.delivered_at IS NULL
    ORDER BY o.position
$$;


--
-- Name: FUNCTION parked_outbox(); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.parked_outbox() IS 'The parked outbox rows, oldest first: id, tenant, kind, collection, when made and parked, attempts, the error MongoDB gave, and the stored size of the document.';


--
-- Name: redact(jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.redact(row_values jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN row_values ->> 'password_hash' IS NOT NULL
            THEN audit.within_document_limit(row_values) || '{"password_hash": "[redacted]"}'::jsonb
        ELSE audit.within_document_limit(row_values)
    END - '{updated_at,version,search}'::text[]
$$;


--
-- Name: FUNCTION redact(row_values jsonb); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.redact(row_values jsonb) IS 'A row as audit documents show it: without updated_at, version and search, with a set password_hash shown as [redacted], and past 1 MB with its values of more than 64 kB omitted.';


--
-- Name: require_parked(uuid[]); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.require_parked(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_missing uuid[];
BEGIN
    IF require_parked.ids IS NULL THEN
        RETURN;
    END IF;
    PERFORM 1 FROM audit.outbox AS o
    WHERE o.id = ANY (require_parked.ids) AND o.parked_at IS NOT NULL AND o.delivered_at IS NULL
    ORDER BY o.id
    FOR UPDATE;
    v_missing := ARRAY(
        SELECT i FROM unnest(require_parked.ids) AS i
        WHERE i IS NULL OR NOT EXISTS (
            SELECT 1 FROM audit.outbox AS o
            WHERE o.id = i AND o.parked_at IS NOT NULL AND o.delivered_at IS NULL
        )
    );
    IF cardinality(v_missing) > 0 THEN
        RAISE EXCEPTION 'not a parked outbox row: %', array_to_string(v_missing, ', ', 'NULL')
            USING ERRCODE = 'SD404',
                  DETAIL = format('%s of the %s id(s) given name no parked, undelivered row.',
                                  cardinality(v_missing), cardinality(require_parked.ids)),
                  HINT = 'stockdb relay parked lists the parked rows and their ids.';
    END IF;
END
$$;


--
-- Name: FUNCTION require_parked(ids uuid[]); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.require_parked(ids uuid[]) IS 'Locks the parked, undelivered outbox rows named by ids; SD404 listing any id that is not one. NULL passes.';


--
-- Name: set_alert(uuid, text, text, boolean, jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb DEFAULT '{}'::jsonb) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_active boolean;
BEGIN
    SELECT s.active INTO v_active
    FROM audit.alert_state AS s
    WHERE s.tenant_id = set_alert.tenant_id AND s.alert_type = set_alert.alert_type AND s.subject = set_alert.subject;
    IF coalesce(v_active, false) = set_alert.active THEN
        RETURN false;
    END IF;

    IF set_alert.active THEN
        INSERT INTO audit.alert_state AS s (tenant_id, alert_type, subject, active, raised_at, details)
        VALUES (set_alert.tenant_id, set_alert.alert_type, set_alert.subject, true, now(),
                coalesce(set_alert.payload, '{}'))
        ON CONFLICT ON CONSTRAINT alert_state_pkey DO UPDATE
        SET active = true, raised_at = now(), cleared_at = NULL, raise_count = s.raise_count + 1,
            details = excluded.details;
    ELSE
        UPDATE audit.alert_state AS s SET active = false, cleared_at = now()
        WHERE s.tenant_id = set_alert.tenant_id AND s.alert_type = set_alert.alert_type
          AND s.subject = set_alert.subject;
    END IF;
    -- The relay adds _id, tenantId and createdAt from the outbox row.
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    VALUES (
        set_alert.tenant_id, 'alert', 'alerts',
        jsonb_build_object(
            'type', set_alert.alert_type,
            'status', CASE WHEN set_alert.active THEN 'open' ELSE 'resolved' END,
            'subject', set_alert.subject,
            'productId', set_alert.payload -> 'product_id',
            'details', coalesce(set_alert.payload, '{}')
        )
    );
    RETURN true;
END
$$;


--
-- Name: FUNCTION set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb) IS 'Raises (active) or clears an alert condition; writes an alert document (status open, or resolved when it clears) to audit.outbox only when the condition changes, and returns whether it did.';


--
-- Name: tg_row_delete(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.tg_row_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    SELECT
        coalesce(r.j ->> 'tenant_id', r.j ->> 'id')::uuid, 'audit', 'audit_logs',
        jsonb_build_object(
            'entityType', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            'entityId', r.j ->> 'id',
            'action', 'delete',
            'actorId', nullif(current_setting('stockdb.user_id', true), ''),
            'transactionId', pg_current_xact_id()::text,
            'old', audit.redact(r.j)
        )
    FROM (SELECT to_jsonb(o) AS j FROM old_rows AS o OFFSET 0) AS r;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_row_delete(); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.tg_row_delete() IS 'AFTER DELETE statement trigger (transition table old_rows): one audit_logs document per deleted row, with its last values as old.';


--
-- Name: tg_row_insert(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.tg_row_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    SELECT
        coalesce(r.j ->> 'tenant_id', r.j ->> 'id')::uuid, 'audit', 'audit_logs',
        jsonb_build_object(
            'entityType', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            'entityId', r.j ->> 'id',
            'action', 'insert',
            'actorId', nullif(current_setting('stockdb.user_id', true), ''),
            'transactionId', pg_current_xact_id()::text,
            'new', audit.redact(r.j)
        )
    FROM (SELECT to_jsonb(n) AS j FROM new_rows AS n OFFSET 0) AS r;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_row_insert(); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.tg_row_insert() IS 'AFTER INSERT statement trigger (transition table new_rows): one audit_logs document per inserted row, with its values as new.';


--
-- Name: tg_row_update(); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.tg_row_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    INSERT INTO audit.outbox (tenant_id, kind, collection, document)
    SELECT
        coalesce(r.new_j ->> 'tenant_id', r.new_j ->> 'id')::uuid, 'audit', 'audit_logs',
        jsonb_build_object(
            'entityType', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            'entityId', r.new_j ->> 'id',
            'action', 'update',
            'actorId', nullif(current_setting('stockdb.user_id', true), ''),
            'transactionId', pg_current_xact_id()::text,
            'old', audit.redact(d.old_values),
            'new', audit.redact(d.new_values)
        )
    FROM (
        -- Paired by id as rows, and only then made documents: joined as
        -- documents, both sides were sorted on a jsonb key (two 90 MB sorts
        -- on disk for 100,000 price updates).
        SELECT to_jsonb(n) AS new_j, to_jsonb(o) AS old_j
        FROM new_rows AS n
        JOIN old_rows AS o ON o.id = n.id
        OFFSET 0
    ) AS r
    CROSS JOIN LATERAL (
        -- Compared before redaction, so a changed password hash is a change.
        SELECT
            jsonb_object_agg(e.key, r.old_j -> e.key) AS old_values,
            jsonb_object_agg(e.key, e.value) AS new_values
        FROM jsonb_each(r.new_j - '{updated_at,version,search}'::text[]) AS e
        WHERE (r.old_j -> e.key) IS DISTINCT FROM e.value
    ) AS d
    -- An update that only touched bookkeeping columns is not an event.
    WHERE d.new_values IS NOT NULL;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_row_update(); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.tg_row_update() IS 'AFTER UPDATE statement trigger (old_rows, new_rows): one audit_logs document per row whose audited columns changed, with their values before (old) and after (new).';


--
-- Name: unpark_outbox(uuid[]); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.unpark_outbox(ids uuid[] DEFAULT NULL::uuid[]) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count bigint;
BEGIN
    PERFORM audit.require_parked(unpark_outbox.ids);
    UPDATE audit.outbox AS o SET parked_at = NULL
    WHERE o.parked_at IS NOT NULL AND o.delivered_at IS NULL
      AND (unpark_outbox.ids IS NULL OR o.id = ANY (unpark_outbox.ids));
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION unpark_outbox(ids uuid[]); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.unpark_outbox(ids uuid[]) IS 'Returns parked outbox rows to the queue (the relay sends them again, in their place by position): every one, or those in ids; says how many. Errors: SD404 an id that is not a parked row (nothing unparked).';


--
-- Name: within_document_limit(jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.within_document_limit(row_values jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN pg_catalog.pg_column_size(row_values) > 1048576 THEN audit.omit_large_values(row_values)
        ELSE row_values
    END
$$;


--
-- Name: FUNCTION within_document_limit(row_values jsonb); Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON FUNCTION audit.within_document_limit(row_values jsonb) IS 'The row, or past 1 MB the row with its values of more than 64 kB omitted (audit.omit_large_values).';


--
-- Name: current_user_id(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT nullif(pg_catalog.current_setting('stockdb.user_id', true), '')::uuid
$$;


--
-- Name: FUNCTION current_user_id(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.current_user_id() IS 'The user of the current transaction (stockdb.user_id), or NULL for system work.';


--
-- Name: hash_password(text); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.hash_password(password text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF hash_password.password IS NULL OR char_length(hash_password.password) < 12 THEN
        RAISE EXCEPTION 'password must be at least 12 characters'
            USING ERRCODE = '22023',
                  DETAIL = format('The password given has %s characters.', coalesce(char_length(hash_password.password), 0)),
                  HINT = 'A passphrase of a few words is long enough.';
    END IF;
    IF octet_length(hash_password.password) > 72 THEN
        RAISE EXCEPTION 'password must be at most 72 bytes'
            USING ERRCODE = '22023',
                  DETAIL = format('The password given has %s bytes in UTF-8.', octet_length(hash_password.password)),
                  HINT = 'bcrypt ignores what follows the 72nd byte; use a shorter passphrase.';
    END IF;
    RETURN public.crypt(hash_password.password, public.gen_salt('bf', 12));
END
$$;


--
-- Name: FUNCTION hash_password(password text); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.hash_password(password text) IS 'The bcrypt hash (cost 12) of a password of at least 12 characters and at most 72 bytes; 22023 otherwise.';


--
-- Name: new_refresh_token(uuid, uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    refresh_token := rtrim(translate(encode(public.gen_random_bytes(32), 'base64'), '+/', '-_'), '=');
    INSERT INTO auth.refresh_token AS t (tenant_id, user_id, token_hash, family_id, expires_at)
    VALUES (
        new_refresh_token.tenant_id, new_refresh_token.user_id,
        sha256(convert_to(refresh_token, 'UTF8')), new_refresh_token.family_id,
        new_refresh_token.expires_at
    )
    RETURNING t.id INTO token_id;
END
$$;


--
-- Name: FUNCTION new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid) IS 'Makes a 256-bit refresh token (base64url, 43 characters), stores only its SHA-256, and returns the token and its row id.';


--
-- Name: require_admin(uuid, text); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.require_admin(tenant_id uuid, action text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_user uuid := auth.current_user_id();
    v_role auth.user_role;
BEGIN
    IF v_user IS NULL THEN
        RETURN;
    END IF;
    SELECT u.role INTO v_role
    FROM auth.app_user AS u
    WHERE u.tenant_id = require_admin.tenant_id AND u.id = v_user AND u.active;
    IF v_role IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only an admin may %', require_admin.action
            USING ERRCODE = '42501',
                  DETAIL = format('User %s has role %s.', v_user, coalesce(v_role::text, 'none (inactive or unknown)')),
                  HINT = 'Ask an admin of the tenant, or run it as system work (api.set_context with user_id => NULL).';
    END IF;
END
$$;


--
-- Name: FUNCTION require_admin(tenant_id uuid, action text); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.require_admin(tenant_id uuid, action text) IS 'Raises 42501 unless the context''s user is an active admin of the tenant, or there is no user (system work).';


--
-- Name: require_permission(uuid, text); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.require_permission(tenant_id uuid, function_name text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_user uuid := auth.current_user_id();
    v_role auth.user_role;
BEGIN
    IF v_user IS NULL THEN
        RETURN;
    END IF;
    SELECT u.role INTO v_role
    FROM auth.app_user AS u
    WHERE u.tenant_id = require_permission.tenant_id AND u.id = v_user AND u.active;
    IF v_role IS NULL THEN
        RAISE EXCEPTION 'user % is not an active user of this tenant', v_user
            USING ERRCODE = '42501',
                  DETAIL = format('%s was called by a user that is inactive or unknown.', require_permission.function_name),
                  HINT = 'Set the context with an active user''s id (api.set_context).';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM auth.api_permission AS p
        WHERE p.function_name = require_permission.function_name AND v_role = ANY (p.roles)
    ) THEN
        RAISE EXCEPTION 'role % may not call %', v_role, require_permission.function_name
            USING ERRCODE = '42501',
                  DETAIL = format('auth.api_permission allows %s to %s.', require_permission.function_name,
                                  coalesce((SELECT array_to_string(p.roles, ', ') FROM auth.api_permission AS p
                                            WHERE p.function_name = require_permission.function_name), 'no role')),
                  HINT = 'Ask a user whose role may, or an admin to change your role.';
    END IF;
END
$$;


--
-- Name: FUNCTION require_permission(tenant_id uuid, function_name text); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.require_permission(tenant_id uuid, function_name text) IS 'Raises 42501 unless the context''s user is active in the tenant and its role may call function_name (auth.api_permission); system work without a user passes.';


--
-- Name: require_role(text); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.require_role(role text) RETURNS auth.user_role
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF require_role.role IS NULL OR NOT require_role.role = ANY (enum_range(NULL::auth.user_role)::text[]) THEN
        RAISE EXCEPTION 'role must be one of %', enum_range(NULL::auth.user_role)
            USING ERRCODE = '22023', DETAIL = format('role => %s.', ops.quoted_excerpt(require_role.role)),
                  HINT = 'Pick the role whose api functions the user needs.';
    END IF;
    RETURN require_role.role::auth.user_role;
END
$$;


--
-- Name: FUNCTION require_role(role text); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.require_role(role text) IS 'The auth.user_role named by role; 22023 listing the roles when it is NULL or names none.';


--
-- Name: require_tenant(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.require_tenant() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_raw text := current_setting('stockdb.tenant_id', true);
    v_tenant_id uuid;
BEGIN
    IF v_raw IS NULL OR v_raw = '' THEN
        RAISE EXCEPTION 'no tenant context'
            USING ERRCODE = '42501',
                  DETAIL = 'stockdb.tenant_id is not set in this transaction.',
                  HINT = 'Call api.set_context(tenant_id => …) first, in the same transaction.';
    END IF;
    BEGIN
        v_tenant_id := v_raw::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
        RAISE EXCEPTION 'no valid tenant context'
            USING ERRCODE = '42501',
                  DETAIL = format('stockdb.tenant_id is %s, not a uuid.', ops.quoted_excerpt(v_raw)),
                  HINT = 'Set the context with api.set_context(tenant_id => …).';
    END;
    IF NOT EXISTS (SELECT 1 FROM auth.tenant AS t WHERE t.id = v_tenant_id AND t.active) THEN
        RAISE EXCEPTION 'tenant % does not exist or is inactive', v_tenant_id
            USING ERRCODE = '42501',
                  DETAIL = 'stockdb.tenant_id names no active row of auth.tenant.',
                  HINT = 'Set the context with api.set_context(tenant_id => …).';
    END IF;
    RETURN v_tenant_id;
END
$$;


--
-- Name: FUNCTION require_tenant(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.require_tenant() IS 'The tenant of the current transaction (stockdb.tenant_id); 42501 when unset, malformed or inactive.';


--
-- Name: category_paths(uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.category_paths(tenant_id uuid) RETURNS TABLE(id uuid, name_path text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH RECURSIVE tree AS (
        SELECT c.id, c.name AS name_path
        FROM catalog.product_category AS c
        WHERE c.tenant_id = category_paths.tenant_id AND c.parent_id IS NULL
        UNION ALL
        SELECT c.id, t.name_path || '/' || c.name
        FROM catalog.product_category AS c
        JOIN tree AS t ON c.parent_id = t.id
        WHERE c.tenant_id = category_paths.tenant_id
    )
    SELECT tree.id, tree.name_path FROM tree
$$;


--
-- Name: FUNCTION category_paths(tenant_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.category_paths(tenant_id uuid) IS 'Each category of the tenant with the names from its root down joined by / (how imports name categories).';


--
-- Name: uuid_v7(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.uuid_v7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    AS $$
    SELECT pg_catalog.encode(
        pg_catalog.set_bit(
            pg_catalog.set_bit(
                overlay(
                    pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                    PLACING substring(
                        pg_catalog.int8send(
                            (extract(EPOCH FROM pg_catalog.clock_timestamp()) * 1000)::bigint
                        ) FROM 3
                    )
                    FROM 1 FOR 6
                ),
                52, 1
            ),
            53, 1
        ),
        'hex'
    )::uuid
$$;


--
-- Name: FUNCTION uuid_v7(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.uuid_v7() IS 'A time-ordered UUID (version 7): the default for every id column.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: product; Type: TABLE; Schema: catalog; Owner: -
--

CREATE TABLE catalog.product (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    sku text NOT NULL,
    name text NOT NULL,
    description text,
    category_id uuid,
    unit text DEFAULT 'ea'::text NOT NULL,
    barcode text,
    attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
    unit_price_minor bigint,
    currency character(3),
    min_stock_level numeric(14,3) DEFAULT 0 NOT NULL,
    reorder_point numeric(14,3) DEFAULT 0 NOT NULL,
    safety_stock_level numeric(14,3) DEFAULT 0 NOT NULL,
    lead_time_days integer DEFAULT 0 NOT NULL,
    hs_code text,
    country_of_origin character(2),
    active boolean DEFAULT true NOT NULL,
    deleted_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search tsvector GENERATED ALWAYS AS (((setweight(to_tsvector('simple'::regconfig, sku), 'A'::"char") || setweight(to_tsvector('english'::regconfig, name), 'B'::"char")) || setweight(to_tsvector('english'::regconfig, COALESCE(description, ''::text)), 'C'::"char"))) STORED,
    max_stock_level numeric(14,3),
    expiry_alert_days integer DEFAULT 30 NOT NULL,
    preferred_supplier_id uuid,
    CONSTRAINT product_attributes_check CHECK ((jsonb_typeof(attributes) = 'object'::text)),
    CONSTRAINT product_attributes_depth_check CHECK ((NOT jsonb_path_exists(attributes, 'strict $.**{32}'::jsonpath))),
    CONSTRAINT product_barcode_length_check CHECK ((length(barcode) <= 64)),
    CONSTRAINT product_country_of_origin_check CHECK ((country_of_origin ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT product_expiry_alert_days_check CHECK (((expiry_alert_days >= 0) AND (expiry_alert_days <= 3650))),
    CONSTRAINT product_hs_code_check CHECK ((hs_code ~ '^[0-9]{6,10}$'::text)),
    CONSTRAINT product_lead_time_days_check CHECK (((lead_time_days >= 0) AND (lead_time_days <= 3650))),
    CONSTRAINT product_levels_check CHECK (((min_stock_level >= (0)::numeric) AND (reorder_point >= (0)::numeric) AND (safety_stock_level >= (0)::numeric))),
    CONSTRAINT product_levels_number_check CHECK (((min_stock_level <> 'NaN'::numeric) AND (reorder_point <> 'NaN'::numeric) AND (safety_stock_level <> 'NaN'::numeric) AND (max_stock_level <> 'NaN'::numeric))),
    CONSTRAINT product_max_stock_level_check CHECK ((max_stock_level >= reorder_point)),
    CONSTRAINT product_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT product_price_check CHECK ((((unit_price_minor IS NULL) = (currency IS NULL)) AND (unit_price_minor >= 0) AND (currency ~ '^[A-Z]{3}$'::text))),
    CONSTRAINT product_sku_check CHECK (((length(sku) <= 64) AND (sku ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT product_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY catalog.product FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE product; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON TABLE catalog.product IS 'Something a tenant stocks; soft-deleted with deleted_at, and its SKU can then be reused.';


--
-- Name: COLUMN product.unit_price_minor; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.unit_price_minor IS 'List price in minor units of currency.';


--
-- Name: COLUMN product.min_stock_level; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.min_stock_level IS 'Below this the product is reported as critically low.';


--
-- Name: COLUMN product.reorder_point; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.reorder_point IS 'Replenish when available stock falls to this.';


--
-- Name: COLUMN product.safety_stock_level; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.safety_stock_level IS 'Buffer kept against demand and lead-time variation.';


--
-- Name: COLUMN product.hs_code; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.hs_code IS 'Harmonized System code, for customs on international shipments.';


--
-- Name: COLUMN product.country_of_origin; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.country_of_origin IS 'ISO 3166-1 alpha-2, for customs.';


--
-- Name: COLUMN product.search; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.search IS 'Full-text vector: SKU (A), name (B), description (C).';


--
-- Name: COLUMN product.max_stock_level; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.max_stock_level IS 'Above this on hand a warehouse is overstocked (report.stock_on_hand); NULL: no ceiling.';


--
-- Name: COLUMN product.expiry_alert_days; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.expiry_alert_days IS 'A batch expiring within this many days raises a batch_expiring alert.';


--
-- Name: COLUMN product.preferred_supplier_id; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product.preferred_supplier_id IS 'The supplier report.reorder_suggestions proposes; without one, the last supplier ordered from.';


--
-- Name: check_quantity(catalog.product, numeric, text); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.check_quantity(product catalog.product, quantity numeric, argument text) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_places smallint;
BEGIN
    -- NaN is above every number in PostgreSQL: it passed as positive and too large.
    -- ops.require_finite says the same for levels; written out here, as the size
    -- check below is, since every movement runs this.
    IF check_quantity.quantity = 'NaN' THEN
        RAISE EXCEPTION '% must be a number', check_quantity.argument
            USING ERRCODE = '22023', DETAIL = format('%s => NaN for product %s.', check_quantity.argument, (check_quantity.product).sku),
                  HINT = 'Pass a quantity greater than zero.';
    END IF;
    IF check_quantity.quantity IS NULL OR check_quantity.quantity <= 0 THEN
        RAISE EXCEPTION '% must be positive', check_quantity.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s for product %s.', check_quantity.argument, coalesce(check_quantity.quantity::text, 'NULL'), (check_quantity.product).sku),
                  HINT = 'Pass a quantity greater than zero.';
    END IF;
    SELECT u.decimal_places INTO v_places FROM catalog.unit AS u WHERE u.code = (check_quantity.product).unit;
    IF check_quantity.quantity <> round(check_quantity.quantity, v_places) THEN
        RAISE EXCEPTION '% has more decimals than unit % allows', check_quantity.argument, (check_quantity.product).unit
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s; %s allows %s decimal places.', check_quantity.argument, check_quantity.quantity, (check_quantity.product).unit, v_places),
                  HINT = 'Round the quantity to the unit.';
    END IF;
    IF check_quantity.quantity >= 100000000000 THEN
        RAISE EXCEPTION '% is too large', check_quantity.argument
            USING ERRCODE = '22023', HINT = 'Quantities have at most 11 digits before the point.';
    END IF;
    RETURN check_quantity.quantity;
END
$$;


--
-- Name: FUNCTION check_quantity(product catalog.product, quantity numeric, argument text); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.check_quantity(product catalog.product, quantity numeric, argument text) IS 'Returns the quantity when it is positive, fits numeric(14,3) and the product''s unit; 22023 otherwise.';


--
-- Name: product_batch; Type: TABLE; Schema: catalog; Owner: -
--

CREATE TABLE catalog.product_batch (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    product_id uuid NOT NULL,
    batch_number text NOT NULL,
    manufacture_date date,
    expiry_date date,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    unit_cost_minor bigint,
    currency character(3),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    held_at timestamp with time zone,
    hold_reason text,
    CONSTRAINT product_batch_cost_check CHECK ((((unit_cost_minor IS NULL) = (currency IS NULL)) AND (unit_cost_minor >= 0) AND (currency ~ '^[A-Z]{3}$'::text))),
    CONSTRAINT product_batch_dates_check CHECK ((manufacture_date <= expiry_date)),
    CONSTRAINT product_batch_dates_finite_check CHECK ((isfinite(expiry_date) AND isfinite(manufacture_date))),
    CONSTRAINT product_batch_hold_check CHECK ((((held_at IS NULL) = (hold_reason IS NULL)) AND (btrim(hold_reason) <> ''::text))),
    CONSTRAINT product_batch_number_check CHECK ((btrim(batch_number) <> ''::text)),
    CONSTRAINT product_batch_number_length_check CHECK ((length(batch_number) <= 100)),
    CONSTRAINT product_batch_number_trimmed_check CHECK ((batch_number = btrim(batch_number))),
    CONSTRAINT product_batch_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY catalog.product_batch FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE product_batch; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON TABLE catalog.product_batch IS 'A lot of a product with its dates and cost; allocation is FEFO by expiry_date, then FIFO by received_at.';


--
-- Name: COLUMN product_batch.unit_cost_minor; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product_batch.unit_cost_minor IS 'Cost of one unit of this batch, for valuation by specific identification.';


--
-- Name: COLUMN product_batch.version; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product_batch.version IS 'Optimistic lock: api.update_batch takes the version read.';


--
-- Name: COLUMN product_batch.held_at; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product_batch.held_at IS 'When the batch was put on hold (api.hold_batch); NULL when it is not. A held batch is never allocated, issued or consumed.';


--
-- Name: COLUMN product_batch.hold_reason; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product_batch.hold_reason IS 'Why the batch is on hold; set exactly when held_at is.';


--
-- Name: find_or_create_batch(uuid, catalog.product, text, date, date, bigint, character); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character) RETURNS catalog.product_batch
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_batch catalog.product_batch;
BEGIN
    -- date takes 'infinity': a batch expiring then made report.expiring_batches
    -- fail for the whole tenant (cannot subtract infinite dates).
    IF NOT isfinite(coalesce(find_or_create_batch.expiry_date, current_date)) THEN
        RAISE EXCEPTION 'expiry_date must be a calendar date'
            USING ERRCODE = '22023', DETAIL = format('expiry_date => %s.', find_or_create_batch.expiry_date),
                  HINT = 'Leave expiry_date NULL for a batch that does not expire.';
    END IF;
    IF NOT isfinite(coalesce(find_or_create_batch.manufacture_date, current_date)) THEN
        RAISE EXCEPTION 'manufacture_date must be a calendar date'
            USING ERRCODE = '22023', DETAIL = format('manufacture_date => %s.', find_or_create_batch.manufacture_date),
                  HINT = 'Leave manufacture_date NULL when it is not known.';
    END IF;
    -- Imports trim their cells, so ' B1 ' here and B1 in a sheet were two lots;
    -- a blank one failed with a bare 23514 (product_batch_number_check).
    PERFORM ops.require_text(
        find_or_create_batch.batch_number, 'batch_number', '^[^ ](.*[^ ])?$',
        'Pass the lot''s number as its label gives it, without blanks around it.'
    );
    PERFORM ops.require_length(find_or_create_batch.batch_number, 'batch_number', 100);
    -- Another warehouse may receive the same new batch at the same moment.
    INSERT INTO catalog.product_batch (
        tenant_id, product_id, batch_number, manufacture_date, expiry_date, unit_cost_minor, currency
    )
    VALUES (
        find_or_create_batch.tenant_id, (find_or_create_batch.product).id, find_or_create_batch.batch_number,
        find_or_create_batch.manufacture_date, find_or_create_batch.expiry_date, find_or_create_batch.unit_cost_minor,
        CASE WHEN find_or_create_batch.unit_cost_minor IS NOT NULL THEN find_or_create_batch.currency END
    )
    ON CONFLICT ON CONSTRAINT product_batch_number_key DO NOTHING;
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = find_or_create_batch.tenant_id AND b.product_id = (find_or_create_batch.product).id
      AND b.batch_number = find_or_create_batch.batch_number;
    IF find_or_create_batch.expiry_date IS NOT NULL AND find_or_create_batch.expiry_date IS DISTINCT FROM v_batch.expiry_date
       OR find_or_create_batch.manufacture_date IS NOT NULL
          AND find_or_create_batch.manufacture_date IS DISTINCT FROM v_batch.manufacture_date THEN
        RAISE EXCEPTION 'batch % of % has other dates', find_or_create_batch.batch_number, (find_or_create_batch.product).sku
            USING ERRCODE = '22023',
                  DETAIL = format(
                      'Known: made %s, expires %s; given: made %s, expires %s.',
                      v_batch.manufacture_date, v_batch.expiry_date,
                      find_or_create_batch.manufacture_date, find_or_create_batch.expiry_date
                  ),
                  HINT = 'A batch number names one lot: check the label; if the known dates are wrong, correct '
                         'them (api.update_batch).';
    END IF;
    RETURN v_batch;
END
$_$;


--
-- Name: FUNCTION find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character) IS 'The product''s batch with this number, created with the given dates and cost when new; 22023 when a known batch is given other dates, a date of infinity, or a batch_number that is blank, has blanks around it or is over 100 characters.';


--
-- Name: lock_batch(uuid, uuid, integer); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.lock_batch(tenant_id uuid, batch_id uuid, version integer) RETURNS catalog.product_batch
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_batch catalog.product_batch;
    v_warehouse_ids uuid[];
BEGIN
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = lock_batch.tenant_id AND b.id = lock_batch.batch_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'batch % not found', lock_batch.batch_id
            USING ERRCODE = 'SD404', DETAIL = 'No batch with this id belongs to the calling tenant.',
                  HINT = 'Check the id (report.batches, or the batch_id of a balance).';
    END IF;
    v_warehouse_ids := ARRAY(
        SELECT w.id FROM warehouse.warehouse AS w WHERE w.tenant_id = lock_batch.tenant_id
    );
    IF cardinality(v_warehouse_ids) > 0 THEN
        PERFORM inventory.lock_stock(lock_batch.tenant_id, ARRAY[v_batch.product_id], v_warehouse_ids);
    END IF;
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = lock_batch.tenant_id AND b.id = lock_batch.batch_id
    FOR UPDATE;
    PERFORM ops.check_version('batch', v_batch.id, lock_batch.version, v_batch.version);
    RETURN v_batch;
END
$$;


--
-- Name: FUNCTION lock_batch(tenant_id uuid, batch_id uuid, version integer); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.lock_batch(tenant_id uuid, batch_id uuid, version integer) IS 'The tenant''s batch, locked FOR UPDATE after its product''s stock locks in every warehouse, at the caller''s version; SD404 unknown, 22023/SD004 missing or stale version.';


--
-- Name: lock_category_tree(uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.lock_category_tree(tenant_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT pg_advisory_xact_lock(hashtext('catalog.product_category'), hashtext(lock_category_tree.tenant_id::text))
$$;


--
-- Name: FUNCTION lock_category_tree(tenant_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.lock_category_tree(tenant_id uuid) IS 'Takes the transaction lock on the tenant''s category tree, which every move, rename and insert under a parent takes (api.update_category before the category''s row).';


--
-- Name: lock_product(uuid, uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.lock_product(tenant_id uuid, product_id uuid) RETURNS catalog.product
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_product catalog.product;
BEGIN
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = lock_product.tenant_id AND p.id = lock_product.product_id
    FOR KEY SHARE;
    IF v_product.id IS NULL OR v_product.deleted_at IS NOT NULL OR NOT v_product.active THEN
        -- Missing, deleted, inactive or NULL: require_product says which.
        PERFORM catalog.require_product(lock_product.tenant_id, lock_product.product_id);
    END IF;
    RETURN v_product;
END
$$;


--
-- Name: FUNCTION lock_product(tenant_id uuid, product_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.lock_product(tenant_id uuid, product_id uuid) IS 'The tenant''s live, active product with this id, its row locked FOR KEY SHARE (so its unit cannot change until the transaction ends); the errors of catalog.require_product otherwise.';


--
-- Name: require_batch(uuid, uuid, uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.require_batch(tenant_id uuid, product_id uuid, batch_id uuid) RETURNS catalog.product_batch
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_batch catalog.product_batch;
BEGIN
    SELECT b.* INTO v_batch
    FROM catalog.product_batch AS b
    WHERE b.tenant_id = require_batch.tenant_id AND b.id = require_batch.batch_id;
    IF NOT FOUND OR v_batch.product_id <> require_batch.product_id THEN
        RAISE EXCEPTION 'batch % not found for product %', require_batch.batch_id, require_batch.product_id
            USING ERRCODE = 'SD404',
                  DETAIL = 'No batch with this id belongs to this product of the calling tenant.',
                  HINT = 'Check the batch id, or leave batch_id NULL to let stockdb choose.';
    END IF;
    RETURN v_batch;
END
$$;


--
-- Name: FUNCTION require_batch(tenant_id uuid, product_id uuid, batch_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.require_batch(tenant_id uuid, product_id uuid, batch_id uuid) IS 'The tenant''s batch with this id, of this product; SD404 otherwise.';


--
-- Name: require_category(uuid, uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.require_category(tenant_id uuid, category_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM 1 FROM catalog.product_category AS c
    WHERE c.tenant_id = require_category.tenant_id AND c.id = require_category.category_id
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'category % not found', require_category.category_id
            USING ERRCODE = 'SD404', DETAIL = 'No category with this id belongs to the calling tenant.',
                  HINT = 'Pass one of your categories (report.categories), or NULL.';
    END IF;
END
$$;


--
-- Name: FUNCTION require_category(tenant_id uuid, category_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.require_category(tenant_id uuid, category_id uuid) IS 'Holds the tenant''s category FOR KEY SHARE for a product filed under it; SD404 when there is none.';


--
-- Name: require_category_name(text); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.require_category_name(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF strpos(require_category_name.name, '/') > 0 THEN
        RAISE EXCEPTION 'a category name cannot contain /'
            USING ERRCODE = '22023',
                  DETAIL = format('name => %s.', ops.quoted_excerpt(require_category_name.name)),
                  HINT = 'Imports name a category by its path, the names from the top joined by /: use another '
                  'character, such as - or &.';
    END IF;
    IF require_category_name.name <> btrim(require_category_name.name) THEN
        RAISE EXCEPTION 'a category name cannot begin or end with a blank'
            USING ERRCODE = '22023',
                  DETAIL = format('name => %s.', ops.quoted_excerpt(require_category_name.name)),
                  HINT = 'Pass the name without them: imports trim the names of a path, so they could not name it.';
    END IF;
    RETURN require_category_name.name;
END
$$;


--
-- Name: FUNCTION require_category_name(name text); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.require_category_name(name text) IS 'Returns name when it is NULL or a name imports can name a category by (no /, no blank at either end); 22023 otherwise.';


--
-- Name: require_product(uuid, uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.require_product(tenant_id uuid, product_id uuid) RETURNS catalog.product
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_product catalog.product;
BEGIN
    IF require_product.product_id IS NULL THEN
        RAISE EXCEPTION 'product_id must not be null'
            USING ERRCODE = '22023', HINT = 'Pass the id of one of your products.';
    END IF;
    SELECT p.* INTO v_product
    FROM catalog.product AS p
    WHERE p.tenant_id = require_product.tenant_id AND p.id = require_product.product_id AND p.deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'product % not found', require_product.product_id
            USING ERRCODE = 'SD404',
                  DETAIL = 'No live product with this id belongs to the calling tenant.',
                  HINT = 'Check the id; deleted products cannot move stock.';
    END IF;
    IF NOT v_product.active THEN
        RAISE EXCEPTION 'product % (%) is inactive', v_product.sku, v_product.id
            USING ERRCODE = '22023', HINT = 'Reactivate it first (api.update_product with active => true).';
    END IF;
    RETURN v_product;
END
$$;


--
-- Name: FUNCTION require_product(tenant_id uuid, product_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.require_product(tenant_id uuid, product_id uuid) IS 'The tenant''s live product with this id; SD404 when missing or deleted, 22023 when inactive.';


--
-- Name: require_trade_codes(text, text); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.require_trade_codes(hs_code text, country_of_origin text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
BEGIN
    IF require_trade_codes.hs_code !~ '^[0-9]{6,10}$' OR require_trade_codes.country_of_origin !~ '^[A-Z]{2}$' THEN
        RAISE EXCEPTION 'hs_code or country_of_origin is malformed'
            USING ERRCODE = '22023',
                  DETAIL = format('hs_code => %s, country_of_origin => %s.', ops.quoted_excerpt(require_trade_codes.hs_code),
                                  ops.quoted_excerpt(require_trade_codes.country_of_origin)),
                  HINT = 'hs_code has 6 to 10 digits; country_of_origin is ISO 3166-1 alpha-2 (DE, CN, …).';
    END IF;
END
$_$;


--
-- Name: FUNCTION require_trade_codes(hs_code text, country_of_origin text); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.require_trade_codes(hs_code text, country_of_origin text) IS 'Returns when hs_code (6 to 10 digits) and country_of_origin (two capital letters) are each NULL or well formed; 22023 otherwise.';


--
-- Name: search_words(text); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.search_words(body text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE
    AS $_$
    SELECT w.word
    FROM pg_catalog.regexp_split_to_table(pg_catalog.lower(search_words.body), '[^[:alpha:]]+') AS w (word)
    WHERE pg_catalog.length(w.word) OPERATOR(pg_catalog.>=) 3
      AND pg_catalog.length(w.word) OPERATOR(pg_catalog.<=) 40
      AND w.word OPERATOR(pg_catalog.~) '^[[:lower:]]+$'
$_$;


--
-- Name: FUNCTION search_words(body text); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.search_words(body text) IS 'The vocabulary words (3 to 40 letters, lower case) of a text, as catalog.search_word keeps them, in text order and as often as the text holds them.';


--
-- Name: stock_has_moved(uuid, uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM inventory.inventory AS i
        WHERE i.tenant_id = stock_has_moved.tenant_id AND i.product_id = stock_has_moved.product_id
    ) OR EXISTS (
        SELECT 1 FROM inventory.stock_movement AS m
        WHERE m.tenant_id = stock_has_moved.tenant_id AND m.product_id = stock_has_moved.product_id
    )
$$;


--
-- Name: FUNCTION stock_has_moved(tenant_id uuid, product_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid) IS 'Whether the product has balances or ledger rows: once it has, its unit cannot change.';


--
-- Name: tg_product__search_words(); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.tg_product__search_words() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET enable_sort TO 'off'
    SET jit TO 'off'
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Hashed in a CTE of its own, then only the distinct words sorted: one
        -- sort of every word, for the DISTINCT and the order at once, is what
        -- the setting above is there to avoid.
        WITH words AS MATERIALIZED (
            SELECT DISTINCT c.tenant_id, w.word
            FROM changed AS c
            CROSS JOIN LATERAL catalog.search_words(c.name || ' ' || coalesce(c.description, '')) AS w (word)
        )
        INSERT INTO catalog.search_word (tenant_id, word)
        SELECT words.tenant_id, words.word FROM words ORDER BY words.tenant_id, words.word
        ON CONFLICT DO NOTHING;
    ELSE
        -- Only products whose words changed: an update of prices or stock
        -- levels (an import of 100,000 prices) has no new words to split.
        WITH words AS MATERIALIZED (
            SELECT DISTINCT c.tenant_id, w.word
            FROM (
                SELECT c.tenant_id, c.name, c.description
                FROM changed AS c
                JOIN before_change AS b ON b.tenant_id = c.tenant_id AND b.id = c.id
                WHERE c.name IS DISTINCT FROM b.name OR c.description IS DISTINCT FROM b.description
                -- Filtered before the words are split, not after.
                OFFSET 0
            ) AS c
            CROSS JOIN LATERAL catalog.search_words(c.name || ' ' || coalesce(c.description, '')) AS w (word)
        )
        INSERT INTO catalog.search_word (tenant_id, word)
        SELECT words.tenant_id, words.word FROM words ORDER BY words.tenant_id, words.word
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_product__search_words(); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.tg_product__search_words() IS 'AFTER INSERT / UPDATE statement trigger on catalog.product: adds the words of new products, and of updated products whose name or description changed, to catalog.search_word.';


--
-- Name: tg_product__unit_fixed(); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.tg_product__unit_fixed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_use text;
BEGIN
    PERFORM FROM catalog.product AS p WHERE p.tenant_id = OLD.tenant_id AND p.id = OLD.id FOR UPDATE;
    v_use := catalog.unit_in_use(OLD.tenant_id, OLD.id);
    IF v_use IS NOT NULL THEN
        RAISE EXCEPTION 'the unit of product % cannot change: its % % counted in %',
                        OLD.sku, v_use, CASE v_use WHEN 'stock' THEN 'is' ELSE 'are' END, OLD.unit
            USING ERRCODE = '22023',
                  DETAIL = format('unit => %s; product %s has %s.', NEW.unit, OLD.id,
                                  CASE v_use WHEN 'stock' THEN 'stock movements' ELSE v_use END),
                  HINT = 'Keep the unit, or create a product in the new unit (and move the stock to it).';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg_product__unit_fixed(); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.tg_product__unit_fixed() IS 'BEFORE UPDATE OF unit row trigger on catalog.product: refuses (22023) a new unit for a product whose stock has moved or which is on purchase or sales order lines (catalog.unit_in_use).';


--
-- Name: tg_product_category__move_subtree(); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.tg_product_category__move_subtree() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE catalog.product_category AS c
    SET path = NEW.path || substr(c.path, length(OLD.path) + 1),
        depth = NEW.depth + (c.depth - OLD.depth)
    WHERE c.tenant_id = NEW.tenant_id
      AND c.id <> NEW.id
      AND c.path LIKE OLD.path || '%';
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_product_category__move_subtree(); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.tg_product_category__move_subtree() IS 'AFTER UPDATE OF parent_id trigger: rewrites the path and depth of every descendant of a moved node.';


--
-- Name: tg_product_category__path(); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.tg_product_category__path() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_parent_path text;
    v_parent_depth smallint;
BEGIN
    -- Descendants rewritten by tg_product_category__move_subtree already
    -- carry their new path.
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id THEN
        RETURN NEW;
    END IF;

    -- One change of the tree at a time (catalog.lock_category_tree says why);
    -- a move to the top too.
    IF TG_OP = 'UPDATE' OR NEW.parent_id IS NOT NULL THEN
        PERFORM catalog.lock_category_tree(NEW.tenant_id);
    END IF;

    IF NEW.parent_id IS NULL THEN
        NEW.path := '/' || NEW.id || '/';
        NEW.depth := 0;
        RETURN NEW;
    END IF;

    SELECT c.path, c.depth INTO v_parent_path, v_parent_depth
    FROM catalog.product_category AS c
    WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.parent_id;

    IF NOT FOUND THEN
        -- product_category_parent_fkey reports the missing parent.
        NEW.path := '/' || NEW.id || '/';
        NEW.depth := 0;
        RETURN NEW;
    END IF;

    IF strpos(v_parent_path, '/' || NEW.id || '/') > 0 THEN
        RAISE EXCEPTION 'category % cannot move under its own descendant %', NEW.id, NEW.parent_id
            USING ERRCODE = '23514',
                  CONSTRAINT = 'product_category_acyclic_check',
                  DETAIL = format('The new parent''s path is %s.', v_parent_path),
                  HINT = 'Move the descendant out first, or choose a parent outside this subtree.';
    END IF;

    NEW.path := v_parent_path || NEW.id || '/';
    NEW.depth := v_parent_depth + 1;
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg_product_category__path(); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.tg_product_category__path() IS 'BEFORE INSERT/UPDATE trigger: computes path and depth from the parent; refuses a cycle (23514).';


--
-- Name: unit_in_use(uuid, uuid); Type: FUNCTION; Schema: catalog; Owner: -
--

CREATE FUNCTION catalog.unit_in_use(tenant_id uuid, product_id uuid) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT CASE
        WHEN catalog.stock_has_moved(unit_in_use.tenant_id, unit_in_use.product_id) THEN 'stock'
        WHEN EXISTS (
            SELECT 1 FROM procurement.purchase_order_item AS i
            WHERE i.tenant_id = unit_in_use.tenant_id AND i.product_id = unit_in_use.product_id
        ) THEN 'purchase order lines'
        WHEN EXISTS (
            SELECT 1 FROM sales.sales_order_item AS i
            WHERE i.tenant_id = unit_in_use.tenant_id AND i.product_id = unit_in_use.product_id
        ) THEN 'sales order lines'
    END
$$;


--
-- Name: FUNCTION unit_in_use(tenant_id uuid, product_id uuid); Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON FUNCTION catalog.unit_in_use(tenant_id uuid, product_id uuid) IS 'What of the product is counted in its unit (''stock'', ''purchase order lines'' or ''sales order lines''), which fixes the unit; NULL when nothing is.';


--
-- Name: adopt_default_ledger_rows(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.adopt_default_ledger_rows() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    AS $_$
DECLARE
    v_months timestamptz[];
    v_month timestamptz;
    v_partition regclass;
    v_columns text;
    v_rows bigint;
    v_adopted jsonb := '[]';
BEGIN
    -- The temporary table made below, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: ledger_strays (LIKE inventory.stock_movement)';
    -- One run at a time: a second one's look at the default would hold it
    -- (ACCESS SHARE, to its commit) against the first one's ATTACH, while it
    -- waited for the first one's lock below: a deadlock.
    PERFORM pg_advisory_xact_lock(hashtextextended('inventory.adopt_default_ledger_rows', 0));
    -- The usual case, an empty default, takes no lock that holds up a writer.
    IF NOT EXISTS (SELECT FROM inventory.stock_movement_default) THEN
        RETURN v_adopted;
    END IF;
    LOCK TABLE inventory.stock_movement_default IN SHARE ROW EXCLUSIVE MODE;
    -- Months as pg_partman makes them: from midnight in the session's time
    -- zone, which is to be the ledger's (set here too, for a call on its own).
    PERFORM set_config('TimeZone', inventory.ledger_time_zone(), true);
    SELECT array_agg(DISTINCT date_trunc('month', m.occurred_at) ORDER BY date_trunc('month', m.occurred_at))
    INTO v_months
    FROM inventory.stock_movement_default AS m;

    CREATE TEMP TABLE ledger_strays (LIKE inventory.stock_movement) ON COMMIT DROP;
    ALTER TABLE inventory.stock_movement_default DISABLE TRIGGER _010_append_only;
    WITH moved AS (DELETE FROM inventory.stock_movement_default RETURNING *)
    INSERT INTO pg_temp.ledger_strays SELECT * FROM moved;
    ALTER TABLE inventory.stock_movement_default ENABLE TRIGGER _010_append_only;

    PERFORM partman.create_partition_time('inventory.stock_movement', v_months, p_analyze => false);
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO v_columns
    FROM pg_catalog.pg_attribute AS a
    WHERE a.attrelid = 'inventory.stock_movement'::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    FOREACH v_month IN ARRAY v_months LOOP
        -- The month's partition, and only a partition: a month retention
        -- detached keeps its name as a table of its own, outside the ledger.
        SELECT format('%I.%I', p.partition_schemaname, p.partition_tablename)::regclass INTO v_partition
        FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL partman.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS b
        WHERE b.child_start_time = v_month;
        IF v_partition IS NULL THEN
            RAISE EXCEPTION 'no ledger partition could be made for %', to_char(v_month, 'YYYY-MM')
                USING ERRCODE = '55000',
                      DETAIL = 'A table of that month''s name is in the way, such as a month detached by retention.',
                      HINT = 'Rename or drop that table (copy it first if it is kept), then run partition '
                             'maintenance again.';
        END IF;
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER _100_balance', v_partition);
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER _100_import_pending', v_partition);
        EXECUTE format(
            'INSERT INTO %s (%s) SELECT %s FROM pg_temp.ledger_strays AS s '
            'WHERE s.occurred_at >= $1 AND s.occurred_at < $1 + interval ''1 month''',
            v_partition, v_columns, v_columns
        ) USING v_month;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        EXECUTE format('ALTER TABLE %s ENABLE TRIGGER _100_balance', v_partition);
        EXECUTE format('ALTER TABLE %s ENABLE TRIGGER _100_import_pending', v_partition);
        v_adopted := v_adopted || jsonb_build_object('month', to_char(v_month, 'YYYY-MM'), 'rows', v_rows);
    END LOOP;
    DROP TABLE pg_temp.ledger_strays;
    RETURN v_adopted;
END
$_$;


--
-- Name: FUNCTION adopt_default_ledger_rows(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.adopt_default_ledger_rows() IS 'Moves the ledger rows in the default partition into partitions made for their months (as pg_partman makes them), without counting them into their balances again, and returns [{month, rows}]; [] when the default is empty. Runs as the ledger''s owner, in partition maintenance before pg_partman''s.';


--
-- Name: allocate(uuid, uuid, uuid, numeric, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid DEFAULT NULL::uuid) RETURNS TABLE(batch_id uuid, location_id uuid, allocated numeric)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- PL/pgSQL rather than SQL: it keeps the plan for the session, where a
    -- SQL function with SET would plan this query again on every call.
    RETURN QUERY
    WITH candidate AS (
        SELECT
            i.batch_id,
            i.location_id,
            i.available,
            sum(i.available) OVER (
                ORDER BY b.expiry_date ASC NULLS LAST, coalesce(b.received_at, i.created_at), l.code, i.id
            ) AS running
        FROM inventory.inventory AS i
        JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
        JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
        LEFT JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
        WHERE i.tenant_id = allocate.tenant_id
          AND i.product_id = allocate.product_id
          AND i.deleted_at IS NULL
          AND i.available > 0
          AND l.active
          AND l.warehouse_id = allocate.warehouse_id
          -- Quarantined stock is never allocated, unless a transfer names its location.
          AND (l.id = allocate.from_location_id OR allocate.from_location_id IS NULL AND l.kind <> 'quarantine')
          -- Expired stock is never allocated; a batch is good through its expiry day, warehouse time.
          AND (b.expiry_date IS NULL OR b.expiry_date >= (now() AT TIME ZONE w.timezone)::date)
          -- A held batch is not allocated to leave; a transfer (which names its location) may move it.
          AND (b.held_at IS NULL OR allocate.from_location_id IS NOT NULL)
    )
    SELECT c.batch_id, c.location_id, least(c.available, allocate.quantity - (c.running - c.available))
    FROM candidate AS c
    WHERE c.running - c.available < allocate.quantity
    ORDER BY c.running;
END
$$;


--
-- Name: FUNCTION allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid) IS 'Allocates quantity of a product in a warehouse (or from one location of it): earliest expiry first, then earliest receipt; never expired batches, never quarantine or held batches unless a location is named. Returns less than asked when that is all there is.';


--
-- Name: available_at(uuid, uuid, uuid, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RETURN (
    SELECT coalesce(sum(i.available), 0)
    FROM inventory.inventory AS i
    WHERE i.tenant_id = available_at.tenant_id
      AND i.product_id = available_at.product_id
      AND i.location_id = available_at.location_id
      AND (i.batch_id = available_at.batch_id OR i.batch_id IS NULL AND available_at.batch_id IS NULL)
      AND i.deleted_at IS NULL
    );
END
$$;


--
-- Name: FUNCTION available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid) IS 'Available quantity of one product batch at one location; 0 when no balance row exists.';


--
-- Name: check_capacity(uuid, uuid, numeric); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.check_capacity(tenant_id uuid, location_id uuid, placed numeric) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_location warehouse.location;
    v_held numeric;
BEGIN
    SELECT l.* INTO v_location
    FROM warehouse.location AS l
    WHERE l.tenant_id = check_capacity.tenant_id AND l.id = check_capacity.location_id;
    IF v_location.capacity IS NULL THEN
        RETURN;
    END IF;
    -- Placements here take turns (migration 0040 says why); the count below
    -- is read after the turn, so it sees what the one before placed.
    INSERT INTO inventory.capacity_gate AS g (tenant_id, location_id)
    VALUES (check_capacity.tenant_id, check_capacity.location_id)
    ON CONFLICT ON CONSTRAINT capacity_gate_pkey DO UPDATE SET placements = g.placements + 1;
    SELECT coalesce(sum(i.on_hand), 0) INTO v_held
    FROM inventory.inventory AS i
    WHERE i.tenant_id = check_capacity.tenant_id AND i.location_id = check_capacity.location_id
      AND i.deleted_at IS NULL;
    IF v_held > v_location.capacity THEN
        RAISE EXCEPTION 'location % has room for % more, not %', v_location.code,
            trim_scale(greatest(v_location.capacity - (v_held - check_capacity.placed), 0)),
            trim_scale(check_capacity.placed)
            USING ERRCODE = '22023',
                  DETAIL = format('Capacity %s; it holds %s before this placement of %s.',
                                  trim_scale(v_location.capacity), trim_scale(v_held - check_capacity.placed),
                                  trim_scale(check_capacity.placed)),
                  HINT = 'Place the rest in another location, or raise its capacity (api.update_location).';
    END IF;
END
$$;


--
-- Name: FUNCTION check_capacity(tenant_id uuid, location_id uuid, placed numeric); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.check_capacity(tenant_id uuid, location_id uuid, placed numeric) IS 'Raises 22023 when the location has a capacity and now holds more than it, after `placed` was added to one of its balances; placements into one location with a capacity take turns on inventory.capacity_gate.';


--
-- Name: claim_request(uuid, text, text, jsonb, jsonb); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb DEFAULT NULL::jsonb, OUT request_id uuid, OUT previous_result jsonb) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_hash bytea;
    v_first record;
BEGIN
    -- Not '^[[:graph:]]{1,200}$': a bounded repeat costs ~26 µs here, this ~1 µs.
    IF claim_request.idempotency_key IS NULL OR length(claim_request.idempotency_key) > 200
       OR claim_request.idempotency_key !~ '^[[:graph:]]+$' THEN
        RAISE EXCEPTION 'idempotency_key must be 1 to 200 visible characters'
            USING ERRCODE = '22023',
                  DETAIL = format(
                      '%s was called with idempotency_key => %s.', function_name, ops.quoted_excerpt(idempotency_key)
                  ),
                  HINT = 'Pass a key unique to this operation, such as ''po-17-line-2''; a retry passes the same key.';
    END IF;
    v_hash := sha256(convert_to(claim_request.function_name || ':' || claim_request.arguments::text, 'UTF8'));

    -- A concurrent first call with the same key makes this wait for its
    -- commit (then the key is taken) or its rollback (then it is ours).
    INSERT INTO inventory.movement_request AS mr (tenant_id, idempotency_key, function_name, request_hash, result)
    VALUES (claim_request.tenant_id, claim_request.idempotency_key, claim_request.function_name, v_hash, claim_request.result)
    ON CONFLICT ON CONSTRAINT movement_request_key DO NOTHING
    RETURNING mr.id INTO request_id;
    IF request_id IS NOT NULL THEN
        RETURN;
    END IF;

    SELECT mr.function_name, mr.request_hash, mr.result, mr.created_at INTO v_first
    FROM inventory.movement_request AS mr
    WHERE mr.tenant_id = claim_request.tenant_id AND mr.idempotency_key = claim_request.idempotency_key;
    IF v_first.request_hash <> v_hash THEN
        RAISE EXCEPTION 'idempotency key % was already used with other arguments', claim_request.idempotency_key
            USING ERRCODE = 'SD002',
                  DETAIL = format('First used by %s at %s.', v_first.function_name, v_first.created_at),
                  HINT = 'A retry must repeat the first call exactly; a new operation needs a new key.';
    END IF;
    previous_result := v_first.result;
END
$_$;


--
-- Name: FUNCTION claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb, OUT request_id uuid, OUT previous_result jsonb); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb, OUT request_id uuid, OUT previous_result jsonb) IS 'Claims an idempotency key for a call, recording its result when the caller knows it up front (ids it generated itself): returns request_id when the call is new, or the first call''s result when it is a retry with the same arguments; SD002 when the arguments differ.';


--
-- Name: close_reservation(uuid, uuid, inventory.reservation_status, text); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text DEFAULT NULL::text) RETURNS uuid[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_reservation inventory.reservation;
    v_issued uuid[] := '{}';
    v_held record;
BEGIN
    SELECT r.* INTO v_reservation
    FROM inventory.reservation AS r
    WHERE r.tenant_id = close_reservation.tenant_id AND r.id = close_reservation.reservation_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'reservation % not found', close_reservation.reservation_id
            USING ERRCODE = 'SD404', DETAIL = 'No reservation with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.reserve_stock.';
    END IF;

    PERFORM inventory.lock_stock(
        close_reservation.tenant_id, ARRAY[v_reservation.product_id], ARRAY[v_reservation.warehouse_id]
    );
    SELECT r.* INTO v_reservation
    FROM inventory.reservation AS r
    WHERE r.tenant_id = close_reservation.tenant_id AND r.id = close_reservation.reservation_id
    FOR UPDATE;
    IF v_reservation.status <> 'active' THEN
        RAISE EXCEPTION 'reservation % is %, not active', v_reservation.id, v_reservation.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('It cannot become %s.', close_reservation.outcome),
                  HINT = 'Only an active reservation can be released, fulfilled or expire.';
    END IF;
    -- ops.expire_reservations picked it as overdue before it held the row: an
    -- api.update_reservation since may have extended it.
    IF close_reservation.outcome = 'expired' AND coalesce(v_reservation.expires_at >= now(), TRUE) THEN
        RAISE EXCEPTION 'reservation % is not due to expire', v_reservation.id
            USING ERRCODE = 'SD003',
                  DETAIL = format('It expires at %s.', coalesce(v_reservation.expires_at::text, 'no time (never)')),
                  HINT = 'Only a reservation past its expires_at expires.';
    END IF;

    -- A batch put on hold after it was reserved (api.hold_batch) does not leave.
    IF close_reservation.outcome = 'fulfilled' THEN
        SELECT b.batch_number, b.hold_reason, b.held_at, rl.quantity INTO v_held
        FROM inventory.reservation_line AS rl
        INNER JOIN catalog.product_batch AS b ON rl.tenant_id = b.tenant_id AND rl.batch_id = b.id
        WHERE rl.tenant_id = close_reservation.tenant_id AND rl.reservation_id = v_reservation.id
          AND b.held_at IS NOT NULL
        ORDER BY rl.id
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'batch % is on hold', v_held.batch_number
                USING ERRCODE = 'SD005',
                      DETAIL = format('Reservation %s holds %s of it; held since %s: %s.', v_reservation.id,
                                      v_held.quantity, v_held.held_at, v_held.hold_reason),
                      HINT = 'Release the reservation (a sales order''s: api.unreserve_sales_order) and reserve '
                             'again, which passes over held batches, or lift the hold (api.lift_batch_hold).';
        END IF;
    END IF;

    -- One statement for all the lines: each line's release, then (when
    -- fulfilled) its sale_issue, in that order, since the balance trigger
    -- fires row by row in insertion order and the stock must leave reserved
    -- before it leaves on hand. The ids are made first, so the sale_issue ids
    -- come back in line order.
    WITH moves AS MATERIALIZED (
        SELECT ops.uuid_v7() AS id, x.movement_type, rl.product_id, rl.batch_id, rl.location_id,
               x.sign * rl.quantity AS quantity,
               row_number() OVER (ORDER BY rl.id, x.position) AS position
        FROM inventory.reservation_line AS rl
        CROSS JOIN LATERAL (VALUES
            (1, 'release'::inventory.stock_movement_type, 1),
            (2, 'sale_issue'::inventory.stock_movement_type, -1)
        ) AS x (position, movement_type, sign)
        WHERE rl.tenant_id = close_reservation.tenant_id AND rl.reservation_id = v_reservation.id
          AND (x.movement_type = 'release' OR close_reservation.outcome = 'fulfilled')
    ),
    posted AS (
        INSERT INTO inventory.stock_movement (
            id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
            reference_type, reference_id, reason, idempotency_key, created_by
        )
        SELECT m.id, close_reservation.tenant_id, m.movement_type, m.product_id, m.batch_id, m.location_id,
               m.quantity, 'reservation', v_reservation.id, v_reservation.reference,
               close_reservation.idempotency_key, auth.current_user_id()
        FROM moves AS m
        ORDER BY m.position
    )
    SELECT coalesce(array_agg(m.id ORDER BY m.position) FILTER (WHERE m.movement_type = 'sale_issue'), '{}')
    INTO v_issued
    FROM moves AS m;

    UPDATE inventory.reservation AS r
    SET status = close_reservation.outcome,
        released_at = CASE WHEN close_reservation.outcome = 'released' THEN now() END,
        fulfilled_at = CASE WHEN close_reservation.outcome = 'fulfilled' THEN now() END
    WHERE r.tenant_id = close_reservation.tenant_id AND r.id = v_reservation.id;
    RETURN v_issued;
END
$$;


--
-- Name: FUNCTION close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text) IS 'Releases an active reservation''s lines (release movements) and, when fulfilled, issues them (sale_issue movements, whose ids it returns). SD404 unknown, SD003 not active, SD005 a reserved batch is on hold (not when released or expired).';


--
-- Name: detach_ledger_months(timestamp with time zone); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.detach_ledger_months(ended_by timestamp with time zone) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    AS $_$
DECLARE
    v_month record;
    v_months jsonb := '[]';
    v_rows bigint;
    v_try integer;
BEGIN
    -- Months are the ledger's, not the session's (see inventory.ledger_time_zone).
    PERFORM set_config('TimeZone', inventory.ledger_time_zone(), true);
    IF detach_ledger_months.ended_by IS NULL
       OR detach_ledger_months.ended_by > date_trunc('month', now()) - interval '4 months' THEN
        RAISE EXCEPTION 'only months that ended four whole months ago or earlier are detached'
            USING ERRCODE = '22023',
                  DETAIL = format('ended_by => %s; the earliest month kept starts %s.', detach_ledger_months.ended_by,
                                  date_trunc('month', now()) - interval '4 months'),
                  HINT = 'Reports read the last 90 days of the ledger; set the retention with '
                         'ops.set_ledger_retention and let partition maintenance detach.';
    END IF;
    FOR v_month IN
        SELECT format('%I.%I', p.partition_schemaname, p.partition_tablename)::regclass AS month,
               i.child_start_time AS range_from, i.child_end_time AS range_to
        FROM partman.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL partman.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
        WHERE i.child_end_time <= detach_ledger_months.ended_by
        ORDER BY i.child_start_time
    LOOP
        -- No row may enter the month between its sum and its DETACH. The api
        -- writes only at now(), so this waits for nothing but a backdated
        -- insert, and blocks no movement of the current month.
        EXECUTE format('LOCK TABLE %s IN SHARE MODE', v_month.month);
        EXECUTE format($sql$
            WITH month_sum AS (
                SELECT m.tenant_id, m.product_id, m.batch_id, m.location_id, count(*) AS movements,
                       coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0) AS on_hand,
                       coalesce(sum(inventory.reserved_delta(m.movement_type, m.quantity)), 0) AS reserved
                FROM %s AS m
                GROUP BY m.tenant_id, m.product_id, m.batch_id, m.location_id
            ),
            carried AS (
                INSERT INTO inventory.ledger_carry AS c (
                    tenant_id, product_id, batch_id, location_id, on_hand, reserved, carried_to
                )
                SELECT s.tenant_id, s.product_id, s.batch_id, s.location_id, s.on_hand, s.reserved, $1
                FROM month_sum AS s
                ON CONFLICT ON CONSTRAINT ledger_carry_key DO UPDATE
                SET on_hand = c.on_hand + excluded.on_hand,
                    reserved = c.reserved + excluded.reserved,
                    carried_to = greatest(c.carried_to, excluded.carried_to)
            )
            SELECT coalesce(sum(s.movements), 0) FROM month_sum AS s
        $sql$, v_month.month) INTO v_rows USING v_month.range_to;
        INSERT INTO ops.detached_ledger_month (table_name, range_from, range_to, row_count)
        VALUES (v_month.month::text, v_month.range_from, v_month.range_to, v_rows);
        v_months := v_months || jsonb_build_object('table', v_month.month::text, 'rows', v_rows);
    END LOOP;

    -- Every movement queues behind a waiting ACCESS EXCLUSIVE request, and
    -- the api gives up on a lock after 5 s: so wait half a second at a time,
    -- a second apart, five times at most (a long report holds the ledger).
    IF jsonb_array_length(v_months) > 0 THEN
        PERFORM set_config('lock_timeout', '500ms', true);
        FOR v_try IN 1..5 LOOP
            BEGIN
                LOCK TABLE inventory.stock_movement IN ACCESS EXCLUSIVE MODE;
                EXIT;
            EXCEPTION WHEN lock_not_available THEN
                IF v_try = 5 THEN
                    RAISE EXCEPTION 'the ledger stayed busy: five waits of 500 ms for it ran out'
                        USING ERRCODE = '55P03',
                              DETAIL = format('Detaching %s month(s): %s.', jsonb_array_length(v_months),
                                              (SELECT string_agg(m ->> 'table', ', ') FROM jsonb_array_elements(v_months) AS m)),
                              HINT = 'Nothing was detached; the next partition-maintenance run tries again.';
                END IF;
                PERFORM pg_sleep(1);
            END;
        END LOOP;
    END IF;
    -- The months recorded above; the tables of months detached before may
    -- have been dropped since.
    FOR v_month IN
        SELECT i.inhrelid::regclass AS month, d.range_from, d.range_to, d.row_count
        FROM ops.detached_ledger_month AS d
        JOIN pg_catalog.pg_inherits AS i ON i.inhrelid = to_regclass(d.table_name)
        WHERE i.inhparent = 'inventory.stock_movement'::regclass
        ORDER BY d.range_from
    LOOP
        EXECUTE format('ALTER TABLE inventory.stock_movement DETACH PARTITION %s', v_month.month);
        -- DETACH drops the row triggers the partition had from the ledger; a
        -- detached month stays as unchangeable as it was.
        EXECUTE format(
            'CREATE TRIGGER _010_append_only BEFORE UPDATE OR DELETE ON %s '
            'FOR EACH ROW EXECUTE FUNCTION inventory.tg_stock_movement__append_only()', v_month.month
        );
        EXECUTE format(
            'CREATE TRIGGER _010_append_only_truncate BEFORE TRUNCATE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__append_only()', v_month.month
        );
        EXECUTE format(
            'COMMENT ON TABLE %s IS %L', v_month.month,
            format('Ledger rows from %s to %s, detached from inventory.stock_movement on %s (%s rows); '
                   'their sums are in inventory.ledger_carry. Append-only, like the ledger.',
                   v_month.range_from, v_month.range_to, now()::date, v_month.row_count)
        );
    END LOOP;
    RETURN v_months;
END
$_$;


--
-- Name: FUNCTION detach_ledger_months(ended_by timestamp with time zone); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.detach_ledger_months(ended_by timestamp with time zone) IS 'Detaches every monthly partition of the ledger that ended by ended_by (at least four whole months ago), each kept as an append-only table and listed in ops.detached_ledger_month, after adding what its rows sum to per balance into inventory.ledger_carry; returns [{table, rows}]. Needs the ledger''s owner: ops.run_partition_maintenance calls it. Errors: 22023 a month too recent; 55P03 the ledger stayed busy (nothing detached).';


--
-- Name: is_valid_timezone(text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.is_valid_timezone(zone text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM now() AT TIME ZONE zone;
    RETURN TRUE;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN FALSE;
END
$$;


--
-- Name: FUNCTION is_valid_timezone(zone text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.is_valid_timezone(zone text) IS 'TRUE when PostgreSQL knows the time zone name (Europe/Berlin, UTC, …).';


--
-- Name: warehouse; Type: TABLE; Schema: warehouse; Owner: -
--

CREATE TABLE warehouse.warehouse (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    address jsonb DEFAULT '{}'::jsonb NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT warehouse_address_check CHECK ((jsonb_typeof(address) = 'object'::text)),
    CONSTRAINT warehouse_address_depth_check CHECK ((NOT jsonb_path_exists(address, 'strict $.**{32}'::jsonpath))),
    CONSTRAINT warehouse_code_check CHECK (((length(code) <= 32) AND (code ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT warehouse_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT warehouse_timezone_check CHECK (ops.is_valid_timezone(timezone)),
    CONSTRAINT warehouse_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY warehouse.warehouse FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE warehouse; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON TABLE warehouse.warehouse IS 'A site that holds stock.';


--
-- Name: COLUMN warehouse.address; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON COLUMN warehouse.warehouse.address IS 'Postal address as a JSON object (line1, city, postcode, country, …).';


--
-- Name: COLUMN warehouse.timezone; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON COLUMN warehouse.warehouse.timezone IS 'IANA time zone, for the warehouse''s business days.';


--
-- Name: fill_reservation(uuid, catalog.product, warehouse.warehouse, numeric, text, text, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_batch_ids uuid[];
    v_location_ids uuid[];
    v_quantities numeric[];
    v_total numeric;
    v_i integer;
BEGIN
    SELECT coalesce(array_agg(a.batch_id), '{}'), coalesce(array_agg(a.location_id), '{}'),
           coalesce(array_agg(a.allocated), '{}'), coalesce(sum(a.allocated), 0)
    INTO v_batch_ids, v_location_ids, v_quantities, v_total
    FROM inventory.allocate(
        fill_reservation.tenant_id, (fill_reservation.product).id, (fill_reservation.warehouse).id,
        fill_reservation.quantity
    ) AS a;
    IF v_total < fill_reservation.quantity THEN
        PERFORM inventory.raise_insufficient(
            (fill_reservation.product).sku, fill_reservation.quantity, v_total,
            format('in warehouse %s', (fill_reservation.warehouse).code)
        );
    END IF;

    FOR v_i IN 1..cardinality(v_quantities) LOOP
        INSERT INTO inventory.reservation_line (
            tenant_id, reservation_id, product_id, warehouse_id, batch_id, location_id, quantity
        )
        VALUES (
            fill_reservation.tenant_id, fill_reservation.reservation_id, (fill_reservation.product).id,
            (fill_reservation.warehouse).id, v_batch_ids[v_i], v_location_ids[v_i], v_quantities[v_i]
        );
        PERFORM inventory.post_movement(
            fill_reservation.tenant_id, 'reservation', (fill_reservation.product).id, v_batch_ids[v_i],
            v_location_ids[v_i], -v_quantities[v_i], 'reservation', fill_reservation.reservation_id,
            fill_reservation.reference, fill_reservation.idempotency_key
        );
    END LOOP;
END
$$;


--
-- Name: FUNCTION fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid) IS 'Allocates an open reservation''s quantity (FEFO, then FIFO; never expired or quarantined stock) under the stock locks the caller holds, writing its lines and their reservation movements; SD001 when short.';


--
-- Name: finish_request(uuid, uuid, jsonb); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.finish_request(tenant_id uuid, request_id uuid, result jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE inventory.movement_request AS mr SET result = finish_request.result
    WHERE mr.tenant_id = finish_request.tenant_id AND mr.id = finish_request.request_id;
END
$$;


--
-- Name: FUNCTION finish_request(tenant_id uuid, request_id uuid, result jsonb); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.finish_request(tenant_id uuid, request_id uuid, result jsonb) IS 'Records the result of a claimed call, for its retries.';


--
-- Name: judge_batch_expiry(uuid, uuid, uuid[]); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT
            w.id AS warehouse_id, p.sku, b.batch_number, b.expiry_date, h.on_hand,
            coalesce(
                h.on_hand > 0 AND b.expiry_date <= (now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days,
                FALSE
            ) AS active,
            coalesce(a.active, FALSE) AS was_active
        FROM catalog.product_batch AS b
        INNER JOIN catalog.product AS p ON b.tenant_id = p.tenant_id AND b.product_id = p.id
        INNER JOIN warehouse.warehouse AS w
            ON b.tenant_id = w.tenant_id AND w.id = ANY (judge_batch_expiry.warehouse_ids)
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(i.on_hand), 0) AS on_hand
            FROM inventory.inventory AS i
            INNER JOIN warehouse.location AS l ON i.tenant_id = l.tenant_id AND i.location_id = l.id
            WHERE i.tenant_id = b.tenant_id AND i.batch_id = b.id AND i.deleted_at IS NULL
              AND l.warehouse_id = w.id
        ) AS h
        LEFT JOIN audit.alert_state AS a
            ON a.tenant_id = b.tenant_id AND a.alert_type = 'batch_expiring'
           AND a.subject = b.id || '@' || w.id
        WHERE b.tenant_id = judge_batch_expiry.tenant_id AND b.id = judge_batch_expiry.batch_id
        ORDER BY w.id
    LOOP
        CONTINUE WHEN v.active = v.was_active;
        PERFORM audit.set_alert(
            judge_batch_expiry.tenant_id, 'batch_expiring', judge_batch_expiry.batch_id || '@' || v.warehouse_id,
            v.active,
            jsonb_build_object('batch_id', judge_batch_expiry.batch_id, 'batch_number', v.batch_number,
                               'sku', v.sku, 'warehouse_id', v.warehouse_id, 'expiry_date', v.expiry_date,
                               'on_hand', v.on_hand)
        );
    END LOOP;
END
$$;


--
-- Name: FUNCTION judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]) IS 'Raises or clears batch_expiring for one batch in the given warehouses from its stock there and its expiry date now; the caller holds the product''s stock lock in them.';


--
-- Name: ledger_time_zone(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.ledger_time_zone() RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce(
        (SELECT z.name FROM inventory.ledger_time_zone AS z WHERE z.singleton),
        current_setting('TimeZone')
    )
$$;


--
-- Name: FUNCTION ledger_time_zone(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.ledger_time_zone() IS 'The IANA time zone in which the ledger''s monthly partitions begin at midnight on the 1st (the session''s when none is recorded).';


--
-- Name: lock_stock(uuid, uuid[], uuid[]); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_gates bigint[];
    v_keys bigint[];
    v_key bigint;
BEGIN
    -- Most calls move one product in one warehouse: two locks, no sort.
    IF cardinality(lock_stock.product_ids) = 1 AND cardinality(lock_stock.warehouse_ids) = 1 THEN
        v_gates := ARRAY[inventory.warehouse_stock_key(lock_stock.tenant_id, lock_stock.warehouse_ids[1])];
        v_keys := ARRAY[inventory.stock_lock_key(
            lock_stock.tenant_id, lock_stock.product_ids[1], lock_stock.warehouse_ids[1]
        )];
    ELSE
        v_gates := ARRAY(
            SELECT DISTINCT inventory.warehouse_stock_key(lock_stock.tenant_id, w)
            FROM unnest(lock_stock.warehouse_ids) AS w
            ORDER BY 1
        );
        v_keys := ARRAY(
            SELECT DISTINCT inventory.stock_lock_key(lock_stock.tenant_id, p, w)
            FROM unnest(lock_stock.product_ids) AS p
            CROSS JOIN unnest(lock_stock.warehouse_ids) AS w
            ORDER BY 1
        );
    END IF;
    FOREACH v_key IN ARRAY v_gates LOOP
        CONTINUE WHEN pg_try_advisory_xact_lock_shared(v_key);
        BEGIN
            PERFORM pg_advisory_xact_lock_shared(v_key);
        EXCEPTION
            WHEN lock_not_available THEN
                RAISE EXCEPTION 'stock is busy: an import held warehouse(s) % for longer than lock_timeout (%)',
                                array_to_string(lock_stock.warehouse_ids, ', '), current_setting('lock_timeout')
                    USING ERRCODE = '55P03',
                          DETAIL = 'An import of opening stock or cycle counts holds the stock of its '
                                   'warehouses while it posts to the ledger.',
                          HINT = 'Nothing of the call was kept: retry it (with the same idempotency_key where it takes '
                                 'one: it takes effect once).';
        END;
    END LOOP;
    FOREACH v_key IN ARRAY v_keys LOOP
        -- A free lock is taken without the block below: its subtransaction
        -- is paid only by a call that has to wait.
        CONTINUE WHEN pg_try_advisory_xact_lock(v_key);
        BEGIN
            PERFORM pg_advisory_xact_lock(v_key);
        EXCEPTION
            -- The api functions wait lock_timeout (5 s) for stock another call
            -- is moving; the caller gets a retryable error that says so, not a
            -- hang. Nothing was written yet, so the whole call can be retried.
            WHEN lock_not_available THEN
                RAISE EXCEPTION 'stock is busy: another transaction held it for longer than lock_timeout (%)',
                                current_setting('lock_timeout')
                    USING ERRCODE = '55P03',
                          DETAIL = format('Waiting for the stock of product(s) %s in warehouse(s) %s.',
                                          array_to_string(lock_stock.product_ids, ', '),
                                          array_to_string(lock_stock.warehouse_ids, ', ')),
                          HINT = 'Nothing of the call was kept: retry it (with the same idempotency_key where it takes '
                                 'one: it takes effect once).';
        END;
    END LOOP;
END
$$;


--
-- Name: FUNCTION lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]) IS 'Takes the transaction locks for the stock of every given product in every given warehouse, in a fixed global order, after each warehouse''s whole-stock lock in shared mode (an import holds it exclusively); 55P03 with a hint to retry when one is held past lock_timeout.';


--
-- Name: lock_warehouse_stock(uuid, uuid[]); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '500ms'
    AS $$
DECLARE
    v_warehouse_ids uuid[] := ARRAY(
        SELECT DISTINCT w FROM unnest(lock_warehouse_stock.warehouse_ids) AS w WHERE w IS NOT NULL ORDER BY 1
    );
    v_keys bigint[] := ARRAY(
        SELECT inventory.warehouse_stock_key(lock_warehouse_stock.tenant_id, w)
        FROM unnest(v_warehouse_ids) AS w
        ORDER BY 1
    );
    v_key bigint;
    v_try integer;
BEGIN
    FOR v_try IN 1..10 LOOP
        BEGIN
            FOREACH v_key IN ARRAY v_keys LOOP
                PERFORM pg_advisory_xact_lock(v_key);
            END LOOP;
            RETURN;
        EXCEPTION
            WHEN lock_not_available THEN
                IF v_try = 10 THEN
                    RAISE EXCEPTION 'stock is busy: ten waits of 500 ms for the movements running in % '
                                    'warehouse(s) ran out', cardinality(v_warehouse_ids)
                        USING ERRCODE = '55P03',
                              DETAIL = format('Warehouse(s) %s.', array_to_string(v_warehouse_ids, ', ')),
                              HINT = 'Nothing was posted. Run it again; a transaction that moved stock there and '
                                     'has not ended (idle in transaction) keeps it busy.';
                END IF;
        END;
        PERFORM pg_sleep(0.5);
    END LOOP;
END
$$;


--
-- Name: FUNCTION lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]) IS 'Takes the stock of the given warehouses exclusively until the transaction ends (imports that post to the ledger), waiting for the movements running there; 55P03 after ten tries of 500 ms.';


--
-- Name: maintain_ledger_partitions(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.maintain_ledger_partitions() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    SET "TimeZone" TO 'UTC'
    AS $$
DECLARE
    v_run bigint := ops.start_run('partition-maintenance');
    v_before integer;
    v_after integer;
    v_keep integer;
    v_detached jsonb := '[]';
    v_adopted jsonb := '[]';
    v_detail jsonb;
BEGIN
    -- The months' zone, for pg_partman and for what follows.
    PERFORM set_config('TimeZone', inventory.ledger_time_zone(), true);
    SELECT count(*) INTO v_before FROM pg_catalog.pg_inherits AS i
    WHERE i.inhparent = 'inventory.stock_movement'::regclass;
    BEGIN
        -- First, or pg_partman cannot make a month the default holds rows of.
        v_adopted := inventory.adopt_default_ledger_rows();
        PERFORM partman.run_maintenance(p_parent_table => 'inventory.stock_movement', p_analyze => false, p_jobmon => false);
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
        RETURN;
    END;

    SELECT r.keep_months INTO v_keep FROM ops.ledger_retention AS r;
    IF v_keep IS NOT NULL THEN
        BEGIN
            v_detached := inventory.detach_ledger_months(date_trunc('month', now()) - make_interval(months => v_keep));
        EXCEPTION WHEN OTHERS THEN
            -- The months made ahead stay; the detaching is undone as a whole.
            v_detail := ops.failure_detail(SQLSTATE, SQLERRM);
        END;
    END IF;

    SELECT count(*) INTO v_after FROM pg_catalog.pg_inherits AS i
    WHERE i.inhparent = 'inventory.stock_movement'::regclass;
    PERFORM ops.finish_run(
        v_run, CASE WHEN v_detail IS NULL THEN 'ok' ELSE 'failed' END,
        coalesce(v_detail, '{}') || jsonb_build_object(
            'partitions_before', v_before, 'partitions_after', v_after, 'keep_months', v_keep,
            'detached', v_detached, 'adopted', v_adopted
        )
    );
END
$$;


--
-- Name: FUNCTION maintain_ledger_partitions(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.maintain_ledger_partitions() IS 'The work of ops.run_partition_maintenance (which see), as the ledger''s owner; leaves the session''s search_path set to pg_catalog, pg_temp, as pg_partman does.';


--
-- Name: on_hand_delta(inventory.stock_movement_type, numeric); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN on_hand_delta.movement_type IN ('reservation', 'release') THEN 0
                ELSE on_hand_delta.quantity END
$$;


--
-- Name: FUNCTION on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric) IS 'The change a ledger row makes to its balance''s on_hand: its quantity, or 0 for a reservation or release.';


--
-- Name: open_reservation(uuid, catalog.product, warehouse.warehouse, numeric, text, timestamp with time zone, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_reservation_id uuid := coalesce(open_reservation.reservation_id, ops.uuid_v7());
BEGIN
    INSERT INTO inventory.reservation (
        id, tenant_id, product_id, warehouse_id, quantity, reference, expires_at, created_by
    )
    VALUES (
        v_reservation_id, open_reservation.tenant_id, (open_reservation.product).id,
        (open_reservation.warehouse).id, open_reservation.quantity, open_reservation.reference,
        open_reservation.expires_at, auth.current_user_id()
    );
    RETURN v_reservation_id;
END
$$;


--
-- Name: FUNCTION open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid) IS 'Writes an active reservation''s document (no lines, no stock moved yet) and returns its id; inventory.fill_reservation allocates its stock under the stock lock.';


--
-- Name: post_movement(uuid, inventory.stock_movement_type, uuid, uuid, uuid, numeric, text, uuid, text, text, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text DEFAULT NULL::text, reference_id uuid DEFAULT NULL::uuid, reason text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text, id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_id uuid;
BEGIN
    -- PL/pgSQL keeps the INSERT's plan for the session (a SQL function with
    -- SET would plan it on every call).
    INSERT INTO inventory.stock_movement AS m (
        id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
        reference_type, reference_id, reason, idempotency_key, created_by
    )
    VALUES (
        coalesce(post_movement.id, ops.uuid_v7()), post_movement.tenant_id, post_movement.movement_type, post_movement.product_id,
        post_movement.batch_id, post_movement.location_id, post_movement.quantity,
        post_movement.reference_type, post_movement.reference_id, post_movement.reason,
        post_movement.idempotency_key, auth.current_user_id()
    )
    RETURNING m.id INTO v_id;
    RETURN v_id;
END
$$;


--
-- Name: FUNCTION post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text, reference_id uuid, reason text, idempotency_key text, id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text, reference_id uuid, reason text, idempotency_key text, id uuid) IS 'Appends one movement to the ledger (by the current user) and returns its id; the balance follows by trigger.';


--
-- Name: raise_balance_too_large(uuid, uuid, numeric, numeric); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric) RETURNS numeric
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'the balance would be too large'
        USING ERRCODE = '22023',
              DETAIL = format(
                  'Product %s at location %s holds %s; adding %s passes 99999999999.999.',
                  raise_balance_too_large.product_id, raise_balance_too_large.location_id,
                  trim_scale(raise_balance_too_large.on_hand), trim_scale(raise_balance_too_large.adding)
              ),
              HINT = 'Check the quantity: a balance has at most 11 digits before the point.';
END
$$;


--
-- Name: FUNCTION raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric) IS 'Raises 22023 for a movement that would take a balance past numeric(14,3); typed to sit in an expression.';


--
-- Name: raise_insufficient(text, numeric, numeric, text); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.raise_insufficient(sku text, asked numeric, available numeric, place text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'insufficient stock for product %', raise_insufficient.sku
        USING ERRCODE = 'SD001',
              DETAIL = format(
                  'asked %s, available %s %s',
                  trim_scale(raise_insufficient.asked), trim_scale(raise_insufficient.available), raise_insufficient.place
              ),
              HINT = 'Ask for less, receive or transfer stock first, or release reservations that hold it.';
END
$$;


--
-- Name: FUNCTION raise_insufficient(sku text, asked numeric, available numeric, place text); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.raise_insufficient(sku text, asked numeric, available numeric, place text) IS 'Raises SD001 with DETAIL ''asked X, available Y <where>''.';


--
-- Name: reserve(uuid, catalog.product, warehouse.warehouse, numeric, text, timestamp with time zone, text, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_reservation_id uuid;
BEGIN
    v_reservation_id := inventory.open_reservation(
        reserve.tenant_id, reserve.product, reserve.warehouse, reserve.quantity, reserve.reference,
        reserve.expires_at, reserve.reservation_id
    );
    PERFORM inventory.fill_reservation(
        reserve.tenant_id, reserve.product, reserve.warehouse, reserve.quantity, reserve.reference,
        reserve.idempotency_key, v_reservation_id
    );
    RETURN v_reservation_id;
END
$$;


--
-- Name: FUNCTION reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid) IS 'Reserves quantity of a product in a warehouse (FEFO, then FIFO; never expired or quarantined stock) under the stock locks the caller holds; returns the reservation id, SD001 when short.';


--
-- Name: reserved_delta(inventory.stock_movement_type, numeric); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.reserved_delta(movement_type inventory.stock_movement_type, quantity numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN reserved_delta.movement_type IN ('reservation', 'release') THEN -reserved_delta.quantity
                ELSE 0 END
$$;


--
-- Name: FUNCTION reserved_delta(movement_type inventory.stock_movement_type, quantity numeric); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.reserved_delta(movement_type inventory.stock_movement_type, quantity numeric) IS 'The change a ledger row makes to its balance''s reserved: minus its quantity for a reservation or release, else 0.';


--
-- Name: stock_lock_key(uuid, uuid, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT pg_catalog.hashtextextended(
        stock_lock_key.tenant_id::text || '/' || stock_lock_key.product_id::text
        || '/' || stock_lock_key.warehouse_id::text,
        0
    )
$$;


--
-- Name: FUNCTION stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid) IS 'The transaction-lock key inventory.lock_stock takes for one product''s stock in one warehouse.';


--
-- Name: tg_inventory__only_from_ledger(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.tg_inventory__only_from_ledger() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- Depth 1 is a statement of a caller; the ledger trigger writes at depth 2.
    IF pg_trigger_depth() < 2 AND (
        TG_OP = 'INSERT' AND (NEW.on_hand <> 0 OR NEW.reserved <> 0)
        OR TG_OP = 'UPDATE' AND (NEW.on_hand <> OLD.on_hand OR NEW.reserved <> OLD.reserved)
    ) THEN
        RAISE EXCEPTION 'balances change only through inventory.stock_movement'
            USING ERRCODE = '55000',
                  DETAIL = format('%s of on_hand/reserved on inventory.inventory refused.', TG_OP),
                  HINT = 'Post a movement (api.receive_stock, api.record_movement, …); the balance follows.';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg_inventory__only_from_ledger(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.tg_inventory__only_from_ledger() IS 'Refuses (55000) any change of on_hand or reserved that does not come from a ledger row.';


--
-- Name: tg_stock_movement__alerts(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.tg_stock_movement__alerts() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v record;
BEGIN
    -- The balance trigger said whether any row of this statement could
    -- change an alert; most statements end here.
    IF current_setting('stockdb.alerts_pending', true) IS DISTINCT FROM 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('stockdb.alerts_pending', '', true);

    -- Only the conditions whose state changes are passed to set_alert: an
    -- import of opening stock touches every product, and most stay as they are.
    FOR v IN
        WITH touched AS (
            SELECT DISTINCT m.tenant_id, m.product_id, l.warehouse_id
            FROM moved AS m
            JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
        ),
        -- Joined and grouped, not summed per touched row in a LATERAL: the
        -- planner takes a transition table for a few rows, and the per-row
        -- plan it chose scanned every location of the warehouse again for
        -- each of an import's 100,000 products.
        held AS (
            SELECT t.tenant_id, t.product_id, t.warehouse_id,
                   coalesce(sum(i.available) FILTER (WHERE l.id IS NOT NULL), 0) AS available
            FROM touched AS t
            LEFT JOIN inventory.inventory AS i
                ON i.tenant_id = t.tenant_id AND i.product_id = t.product_id AND i.deleted_at IS NULL
            LEFT JOIN warehouse.location AS l
                ON l.tenant_id = i.tenant_id AND l.id = i.location_id AND l.warehouse_id = t.warehouse_id
            GROUP BY t.tenant_id, t.product_id, t.warehouse_id
        ),
        judged AS (
            SELECT h.tenant_id, h.product_id, h.warehouse_id, p.sku, w.code AS warehouse_code, p.reorder_point,
                   h.available
            FROM held AS h
            JOIN catalog.product AS p ON p.tenant_id = h.tenant_id AND p.id = h.product_id
            JOIN warehouse.warehouse AS w ON w.tenant_id = h.tenant_id AND w.id = h.warehouse_id
        )
        SELECT j.*, c.alert_type, c.active
        FROM judged AS j
        CROSS JOIN LATERAL (VALUES
            (1, 'out_of_stock', j.available <= 0),
            (2, 'low_stock', j.reorder_point > 0 AND j.available <= j.reorder_point)
        ) AS c (position, alert_type, active)
        LEFT JOIN audit.alert_state AS a
            ON a.tenant_id = j.tenant_id AND a.alert_type = c.alert_type
           AND a.subject = j.product_id || '@' || j.warehouse_id
        WHERE coalesce(a.active, false) <> c.active
        ORDER BY j.tenant_id, j.product_id, j.warehouse_id, c.position
    LOOP
        PERFORM audit.set_alert(
            v.tenant_id, v.alert_type, v.product_id || '@' || v.warehouse_id, v.active,
            jsonb_build_object('product_id', v.product_id, 'sku', v.sku, 'warehouse_id', v.warehouse_id,
                               'warehouse', v.warehouse_code, 'available', v.available)
            || CASE WHEN v.alert_type = 'low_stock'
                   THEN jsonb_build_object('reorder_point', v.reorder_point) ELSE '{}' END
        );
    END LOOP;

    FOR v IN
        WITH touched AS (
            SELECT DISTINCT m.tenant_id, m.product_id, m.batch_id, l.warehouse_id
            FROM moved AS m
            JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
            WHERE m.batch_id IS NOT NULL
        ),
        -- Grouped, as above.
        held AS (
            SELECT t.tenant_id, t.product_id, t.batch_id, t.warehouse_id,
                   coalesce(sum(i.on_hand) FILTER (WHERE l.id IS NOT NULL), 0) AS on_hand
            FROM touched AS t
            LEFT JOIN inventory.inventory AS i
                ON i.tenant_id = t.tenant_id AND i.product_id = t.product_id AND i.batch_id = t.batch_id
               AND i.deleted_at IS NULL
            LEFT JOIN warehouse.location AS l
                ON l.tenant_id = i.tenant_id AND l.id = i.location_id AND l.warehouse_id = t.warehouse_id
            GROUP BY t.tenant_id, t.product_id, t.batch_id, t.warehouse_id
        ),
        judged AS (
            SELECT h.tenant_id, h.batch_id, h.warehouse_id, p.sku, b.batch_number, b.expiry_date, h.on_hand,
                   h.on_hand > 0
                   AND b.expiry_date <= (now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days AS active
            FROM held AS h
            JOIN catalog.product AS p ON p.tenant_id = h.tenant_id AND p.id = h.product_id
            JOIN catalog.product_batch AS b ON b.tenant_id = h.tenant_id AND b.id = h.batch_id
            JOIN warehouse.warehouse AS w ON w.tenant_id = h.tenant_id AND w.id = h.warehouse_id
            WHERE b.expiry_date IS NOT NULL
        )
        SELECT j.*
        FROM judged AS j
        LEFT JOIN audit.alert_state AS a
            ON a.tenant_id = j.tenant_id AND a.alert_type = 'batch_expiring'
           AND a.subject = j.batch_id || '@' || j.warehouse_id
        WHERE coalesce(a.active, false) <> j.active
        ORDER BY j.tenant_id, j.batch_id, j.warehouse_id
    LOOP
        PERFORM audit.set_alert(
            v.tenant_id, 'batch_expiring', v.batch_id || '@' || v.warehouse_id, v.active,
            jsonb_build_object('batch_id', v.batch_id, 'batch_number', v.batch_number, 'sku', v.sku,
                               'warehouse_id', v.warehouse_id, 'expiry_date', v.expiry_date, 'on_hand', v.on_hand)
        );
    END LOOP;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_stock_movement__alerts(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.tg_stock_movement__alerts() IS 'AFTER INSERT statement trigger on the ledger: raises or clears out_of_stock, low_stock (available at or below the reorder point) and batch_expiring (stock of a batch within the product''s expiry_alert_days) for each product × warehouse and batch the statement moved; one alert per condition until it clears.';


--
-- Name: tg_stock_movement__append_only(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.tg_stock_movement__append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'inventory.stock_movement is append-only: % refused', TG_OP
        USING ERRCODE = '55000',
              DETAIL = 'Ledger rows are never updated, deleted or truncated; balances are their sum.',
              HINT = 'Post a compensating movement (an adjustment) instead.';
END
$$;


--
-- Name: FUNCTION tg_stock_movement__append_only(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.tg_stock_movement__append_only() IS 'Refuses UPDATE, DELETE and TRUNCATE on the ledger with SQLSTATE 55000.';


--
-- Name: tg_stock_movement__balance(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.tg_stock_movement__balance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_on_hand numeric(14, 3) := inventory.on_hand_delta(NEW.movement_type, NEW.quantity);
    v_reserved numeric(14, 3) := inventory.reserved_delta(NEW.movement_type, NEW.quantity);
    v_available numeric(14, 3);
    v_new_on_hand numeric(14, 3);
BEGIN

    -- Update first and create the row only when missing: an INSERT … ON
    -- CONFLICT would check the CHECKs against the proposed row (0 on hand,
    -- 4 reserved) before it found the existing one.
    FOR v_attempt IN 1..2 LOOP
        UPDATE inventory.inventory AS i
        SET on_hand = CASE WHEN i.on_hand + v_on_hand < 100000000000 THEN i.on_hand + v_on_hand
                           ELSE inventory.raise_balance_too_large(NEW.product_id, NEW.location_id, i.on_hand, v_on_hand)
                      END,
            reserved = i.reserved + v_reserved
        WHERE i.tenant_id = NEW.tenant_id
          AND i.product_id = NEW.product_id
          AND i.location_id = NEW.location_id
          AND (i.batch_id = NEW.batch_id OR i.batch_id IS NULL AND NEW.batch_id IS NULL)
          AND i.deleted_at IS NULL
        RETURNING i.available, i.on_hand INTO v_available, v_new_on_hand;
        EXIT WHEN FOUND;
        IF v_on_hand > 0 THEN
            -- Stock arriving at a new place: the row as it will be passes the
            -- CHECKs, so it is created with the stock, not created and updated.
            INSERT INTO inventory.inventory AS i (tenant_id, product_id, batch_id, location_id, on_hand)
            VALUES (NEW.tenant_id, NEW.product_id, NEW.batch_id, NEW.location_id, v_on_hand)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING
            RETURNING i.available, i.on_hand INTO v_available, v_new_on_hand;
            EXIT WHEN FOUND;
        ELSE
            INSERT INTO inventory.inventory (tenant_id, product_id, batch_id, location_id)
            VALUES (NEW.tenant_id, NEW.product_id, NEW.batch_id, NEW.location_id)
            ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL DO NOTHING;
        END IF;
    END LOOP;

    IF v_on_hand > 0 AND NEW.movement_type IN ('purchase_receipt', 'transfer_in', 'returned') THEN
        PERFORM inventory.check_capacity(NEW.tenant_id, NEW.location_id, v_on_hand);
    END IF;

    -- Available is never negative in any balance row, so a warehouse's sum is
    -- at least the available of each of its rows: while this row stays above
    -- the thresholds before and after the movement, so does the warehouse, and
    -- its stock alerts cannot change. A batch's stock can only start or stop
    -- being there when a row's on hand leaves or reaches 0. Only then, or
    -- while such an alert is raised, is the statement's alert trigger asked to
    -- judge (most movements are nowhere near a threshold). A reorder point is
    -- never negative, so it is the higher of the two thresholds.
    IF current_setting('stockdb.alerts_pending', true) IS DISTINCT FROM 'on' AND (
        NEW.batch_id IS NOT NULL AND (v_new_on_hand = 0) <> (v_new_on_hand - v_on_hand = 0)
        OR least(v_available, v_available - v_on_hand + v_reserved) <= (
            SELECT p.reorder_point FROM catalog.product AS p
            WHERE p.tenant_id = NEW.tenant_id AND p.id = NEW.product_id
        )
        OR EXISTS (
            SELECT 1
            FROM warehouse.location AS l
            JOIN audit.alert_state AS s
              ON s.tenant_id = l.tenant_id AND s.alert_type IN ('low_stock', 'out_of_stock')
             AND s.subject = NEW.product_id || '@' || l.warehouse_id
            WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.location_id AND s.active
        )
    ) THEN
        PERFORM set_config('stockdb.alerts_pending', 'on', true);
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_stock_movement__balance(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.tg_stock_movement__balance() IS 'AFTER INSERT trigger on the ledger: adds each movement to its balance row (creating it), so inventory.inventory always equals the sum of the ledger; refuses (22023) stock placed into a location beyond its capacity; and asks the statement''s alert trigger to judge when the movement could change an alert.';


--
-- Name: tg_stock_movement__import_balance(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.tg_stock_movement__import_balance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_gate record;
BEGIN
    -- Its WHEN called it because the flag is on; the next statement starts
    -- without it.
    PERFORM set_config('stockdb.import_balance_pending', '', true);

    -- An import holds the stock of the warehouses it posts to before it
    -- locks a balance (staging's apply functions took it already, before they
    -- wrote anything; then this takes nothing new).
    FOR v_gate IN
        SELECT l.tenant_id, array_agg(DISTINCT l.warehouse_id) AS warehouse_ids
        FROM (SELECT DISTINCT m.tenant_id, m.location_id FROM moved AS m WHERE m.reference_type = 'import_batch') AS m
        JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
        GROUP BY l.tenant_id
        ORDER BY l.tenant_id
    LOOP
        PERFORM inventory.lock_warehouse_stock(v_gate.tenant_id, v_gate.warehouse_ids);
    END LOOP;

    -- One statement, so one snapshot: a place with no balance row in it is
    -- inserted (or, when another transaction created it since, added to by
    -- ON CONFLICT), every other is locked and updated.
    WITH delta AS MATERIALIZED (
        SELECT m.tenant_id, m.product_id, m.location_id, m.batch_id,
               coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0) AS on_hand,
               coalesce(sum(inventory.reserved_delta(m.movement_type, m.quantity)), 0) AS reserved
        FROM moved AS m
        WHERE m.reference_type = 'import_batch'
        GROUP BY m.tenant_id, m.product_id, m.location_id, m.batch_id
    ),
    -- Locked in id order, as staging.apply_cycle_counts locks them before
    -- it posts.
    locked AS MATERIALIZED (
        SELECT i.tenant_id, i.id, d.product_id, d.location_id, d.batch_id, d.on_hand, d.reserved
        FROM inventory.inventory AS i
        JOIN delta AS d
            ON i.tenant_id = d.tenant_id AND i.product_id = d.product_id AND i.location_id = d.location_id
           AND (i.batch_id = d.batch_id OR i.batch_id IS NULL AND d.batch_id IS NULL)
        WHERE i.deleted_at IS NULL
        ORDER BY i.tenant_id, i.id
        FOR UPDATE OF i
    ),
    updated AS (
        UPDATE inventory.inventory AS i
        SET on_hand = CASE WHEN i.on_hand + l.on_hand < 100000000000 THEN i.on_hand + l.on_hand
                           ELSE inventory.raise_balance_too_large(l.product_id, l.location_id, i.on_hand, l.on_hand)
                      END,
            reserved = i.reserved + l.reserved
        FROM locked AS l
        WHERE i.tenant_id = l.tenant_id AND i.id = l.id AND (l.on_hand <> 0 OR l.reserved <> 0)
    )
    -- The row as proposed must pass the CHECKs, so a new place cannot start
    -- below zero.
    INSERT INTO inventory.inventory AS i (tenant_id, product_id, batch_id, location_id, on_hand, reserved)
    SELECT d.tenant_id, d.product_id, d.batch_id, d.location_id,
           CASE WHEN d.on_hand < 100000000000 THEN d.on_hand
                ELSE inventory.raise_balance_too_large(d.product_id, d.location_id, 0, d.on_hand)
           END,
           d.reserved
    FROM delta AS d
    WHERE NOT EXISTS (
        SELECT 1 FROM locked AS l
        WHERE l.tenant_id = d.tenant_id AND l.product_id = d.product_id AND l.location_id = d.location_id
          AND l.batch_id IS NOT DISTINCT FROM d.batch_id
    )
    ORDER BY d.tenant_id, d.product_id, d.location_id, d.batch_id
    ON CONFLICT (tenant_id, product_id, location_id, batch_id) WHERE deleted_at IS NULL
    DO UPDATE SET
        on_hand = CASE WHEN i.on_hand + excluded.on_hand < 100000000000 THEN i.on_hand + excluded.on_hand
                       ELSE inventory.raise_balance_too_large(i.product_id, i.location_id, i.on_hand, excluded.on_hand)
                  END,
        reserved = i.reserved + excluded.reserved;

    -- The alert trigger that follows judges every product and batch the
    -- statement moved.
    PERFORM set_config('stockdb.alerts_pending', 'on', true);
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_stock_movement__import_balance(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.tg_stock_movement__import_balance() IS 'AFTER INSERT statement trigger on the ledger: holds the stock of the warehouses the statement''s import rows (reference_type import_batch) go to, adds them to their balance rows, one UPDATE and one INSERT for all of them, and asks the alert trigger to judge what they moved. Other rows are added by the balance row trigger.';


--
-- Name: tg_stock_movement__import_pending(); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.tg_stock_movement__import_pending() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- Set while the rows are written, before the statement trigger below is
    -- queued: its WHEN reads it, so a statement without import rows never
    -- calls it.
    PERFORM set_config('stockdb.import_balance_pending', 'on', true);
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg_stock_movement__import_pending(); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.tg_stock_movement__import_pending() IS 'BEFORE INSERT row trigger on the ledger, for import rows only: tells the statement''s import balance trigger that it has rows to add.';


--
-- Name: warehouse_stock_key(uuid, uuid); Type: FUNCTION; Schema: inventory; Owner: -
--

CREATE FUNCTION inventory.warehouse_stock_key(tenant_id uuid, warehouse_id uuid) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT pg_catalog.hashtextextended(
        'warehouse/' || warehouse_stock_key.tenant_id::text || '/' || warehouse_stock_key.warehouse_id::text,
        0
    )
$$;


--
-- Name: FUNCTION warehouse_stock_key(tenant_id uuid, warehouse_id uuid); Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON FUNCTION inventory.warehouse_stock_key(tenant_id uuid, warehouse_id uuid) IS 'The transaction-lock key of one warehouse''s whole stock: inventory.lock_stock takes it shared, inventory.lock_warehouse_stock (imports) exclusive.';


--
-- Name: tg_shipment__close_order(); Type: FUNCTION; Schema: logistics; Owner: -
--

CREATE FUNCTION logistics.tg_shipment__close_order() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE sales.sales_order AS so
    SET status = 'closed', closed_at = greatest(NEW.delivered_at, so.shipped_at)
    WHERE so.tenant_id = NEW.tenant_id AND so.id = NEW.sales_order_id AND so.status = 'shipped';
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_shipment__close_order(); Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON FUNCTION logistics.tg_shipment__close_order() IS 'AFTER UPDATE trigger on shipment: when it is delivered, its shipped sales order is closed (closed_at = the delivery, never before the order shipped).';


--
-- Name: apply_grants(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.apply_grants() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_role record;
    v_schemas text[] := ARRAY[
        'api', 'audit', 'auth', 'catalog', 'inventory', 'logistics', 'ops',
        'planning', 'procurement', 'report', 'sales', 'staging', 'warehouse'
    ];
    v_groups text := 'stockdb_app, stockdb_analyst, stockdb_importer, stockdb_maintenance, stockdb_relay, '
                     'stockdb_rls_exempt';
    v_exempt regprocedure[] := ARRAY[
        'api.search_products(text, integer)',
        'staging.begin_batch(text, text, text, text, text[], text, boolean)',
        'staging.finish_batch(uuid)'
    ]::regprocedure[];
    -- and the one report view whose plan row security spoils (reorder_point > 0)
    v_exempt_views regclass[] := ARRAY['report.reorder_suggestions']::regclass[];
    v_schema text;
    v_object record;
BEGIN
    FOR v_role IN
        SELECT r.name, r.bypassrls
        FROM (VALUES
            ('stockdb_owner', FALSE),
            ('stockdb_app', FALSE),
            ('stockdb_analyst', FALSE),
            ('stockdb_importer', FALSE),
            -- Maintenance is cross-tenant by nature (expiring every tenant's
            -- reservations, refreshing every tenant's reports).
            ('stockdb_maintenance', TRUE),
            ('stockdb_relay', FALSE),
            -- Row security lets no condition that is not leakproof (full
            -- text @@, trigram %, LIKE, a join on staging.to_text(cell))
            -- run ahead of its own check, nor serve as an index condition:
            -- under it a search reads the tenant's whole catalogue and an
            -- import joins 100,000 staged rows to every product. The
            -- functions in v_exempt and the views in v_exempt_views run as
            -- this role instead and filter by tenant themselves
            -- (test_tenant_isolation and test_import's two-tenant test hold
            -- them to that).
            ('stockdb_rls_exempt', TRUE)
        ) AS r (name, bypassrls)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS x WHERE x.rolname = v_role.name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I', v_role.name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                -- Another database of this cluster made it just now: before
                -- we looked (duplicate_object) or while we waited on its
                -- uncommitted row (unique_violation).
                NULL;
            END;
        END IF;
        -- Roles belong to the whole cluster: two databases migrating at once
        -- would both rewrite the same pg_authid row, and the second fails
        -- ("tuple concurrently updated"). So a role that has its attributes
        -- already is left alone.
        IF NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_roles AS x
            WHERE x.rolname = v_role.name
              AND NOT x.rolcanlogin
              AND x.rolbypassrls = v_role.bypassrls
        ) THEN
            EXECUTE pg_catalog.format(
                'ALTER ROLE %I NOLOGIN %s', v_role.name,
                CASE WHEN v_role.bypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END
            );
        END IF;
    END LOOP;
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';

    -- Ownership: everything of ours goes to stockdb_owner (so no SECURITY
    -- DEFINER routine runs as a superuser), except the materialised views:
    -- a refresh reads as the view's owner, and only a role that bypasses row
    -- security sees every tenant.
    FOR v_object IN
        SELECT n.nspname AS name
        FROM pg_catalog.pg_namespace AS n
        WHERE n.nspname = ANY (v_schemas)
          AND n.nspowner <> 'stockdb_owner'::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER SCHEMA %I OWNER TO stockdb_owner', v_object.name);
    END LOOP;

    FOR v_object IN
        SELECT
            c.oid::regclass AS name,
            CASE c.relkind
                WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                ELSE 'TABLE'
            END AS kind,
            o.owner
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        CROSS JOIN LATERAL (
            SELECT CASE
                WHEN c.relkind = 'm' THEN 'stockdb_maintenance'
                WHEN c.oid = ANY (v_exempt_views) THEN 'stockdb_rls_exempt'
                ELSE 'stockdb_owner'
            END AS owner
        ) AS o
        WHERE n.nspname = ANY (v_schemas)
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          -- an identity or serial sequence follows its table
          AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend AS d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
          ))
          AND c.relowner <> o.owner::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', v_object.kind, v_object.name, v_object.owner);
    END LOOP;

    FOR v_object IN
        SELECT
            p.oid::regprocedure AS name,
            CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind,
            o.owner
        FROM pg_catalog.pg_proc AS p
        INNER JOIN pg_catalog.pg_namespace AS n ON p.pronamespace = n.oid
        CROSS JOIN LATERAL (
            SELECT CASE WHEN p.oid = ANY (v_exempt) THEN 'stockdb_rls_exempt' ELSE 'stockdb_owner' END AS owner
        ) AS o
        WHERE n.nspname = ANY (v_schemas)
          AND p.proowner <> o.owner::regrole
          AND NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend AS d
              WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
          )
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', v_object.kind, v_object.name, v_object.owner);
    END LOOP;

    FOR v_object IN
        SELECT
            t.oid::regtype AS name,
            CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
        FROM pg_catalog.pg_type AS t
        INNER JOIN pg_catalog.pg_namespace AS n ON t.typnamespace = n.oid
        WHERE n.nspname = ANY (v_schemas)
          AND t.typtype IN ('e', 'd', 'c', 'r')
          AND (t.typtype <> 'c' OR EXISTS (
              SELECT 1 FROM pg_catalog.pg_class AS c WHERE c.oid = t.typrelid AND c.relkind = 'c'
          ))
          AND t.typowner <> 'stockdb_owner'::regrole
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO stockdb_owner', v_object.kind, v_object.name);
    END LOOP;

    -- Start every group from nothing, then grant exactly the list.
    FOREACH v_schema IN ARRAY v_schemas LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
        EXECUTE pg_catalog.format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
        EXECUTE pg_catalog.format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
        EXECUTE pg_catalog.format('REVOKE ALL ON ALL ROUTINES IN SCHEMA %I FROM PUBLIC, %s', v_schema, v_groups);
    END LOOP;
    -- Applications: the api and the reports, nothing else.
    GRANT USAGE ON SCHEMA api, report TO stockdb_app;
    GRANT EXECUTE ON ALL ROUTINES IN SCHEMA api TO stockdb_app;
    GRANT SELECT ON ALL TABLES IN SCHEMA report TO stockdb_app;
    GRANT EXECUTE ON ALL ROUTINES IN SCHEMA report TO stockdb_app;

    -- Analysts: the reports.
    GRANT USAGE ON SCHEMA report TO stockdb_analyst;
    GRANT SELECT ON ALL TABLES IN SCHEMA report TO stockdb_analyst;
    GRANT EXECUTE ON ALL ROUTINES IN SCHEMA report TO stockdb_analyst;

    -- Importers: what `stockdb import run|list|show|template` sends. The
    -- checks and the apply run inside staging.finish_batch, as its owner;
    -- a template --with-data reads through staging.export_rows.
    GRANT USAGE ON SCHEMA api, staging, catalog TO stockdb_importer;
    GRANT SELECT ON catalog.unit TO stockdb_importer;  -- the template's list of units
    GRANT EXECUTE ON FUNCTION api.set_context(uuid, uuid) TO stockdb_importer;
    GRANT EXECUTE ON FUNCTION
        staging.begin_batch(text, text, text, text, text[], text, boolean),
        staging.finish_batch(uuid),
        staging.allowed_values(text),
        staging.export_rows(text, text)
    TO stockdb_importer;
    GRANT SELECT ON staging.import_kind, staging.import_column, staging.import_batch, staging.import_error
    TO stockdb_importer;
    -- finish_batch keeps a batch's typed rows in a temporary table
    -- (staging.keep_source): granted, not left to PUBLIC's default, so a
    -- database whose TEMPORARY a DBA revoked from PUBLIC still imports.
    EXECUTE pg_catalog.format('GRANT TEMPORARY ON DATABASE %I TO stockdb_rls_exempt', pg_catalog.current_database());
    FOR v_object IN
        SELECT c.oid::regclass AS name
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        WHERE n.nspname = 'staging' AND c.relkind = 'r' AND c.relname LIKE '%\_row'
    LOOP
        EXECUTE pg_catalog.format('GRANT INSERT ON %s TO stockdb_importer', v_object.name);
    END LOOP;

    -- The relay: the outbox and its functions, which run as the caller.
    GRANT USAGE ON SCHEMA audit TO stockdb_relay;
    GRANT SELECT, UPDATE ON audit.outbox TO stockdb_relay;
    GRANT EXECUTE ON FUNCTION
        audit.claim_outbox(integer),
        audit.mark_delivered(uuid[]),
        audit.mark_failed(uuid[], text),
        audit.park_outbox(uuid, text),
        audit.require_parked(uuid[]),
        audit.unpark_outbox(uuid[]),
        audit.parked_outbox(),
        audit.discard_parked_outbox(uuid[]),
        audit.outbox_status()
    TO stockdb_relay;

    -- Maintenance: the ops routines run as their caller (they commit between
    -- batches, which a SECURITY DEFINER procedure may not), so the group holds
    -- the rights those routines use. The exempt role's functions (a search,
    -- an import's checks and apply) reach the same tables and helpers.
    FOREACH v_schema IN ARRAY v_schemas LOOP
        CONTINUE WHEN v_schema = 'api';
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO stockdb_maintenance, stockdb_rls_exempt', v_schema);
        EXECUTE pg_catalog.format(
            'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I '
            'TO stockdb_maintenance, stockdb_rls_exempt', v_schema
        );
        EXECUTE pg_catalog.format(
            'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO stockdb_maintenance, stockdb_rls_exempt', v_schema
        );
        EXECUTE pg_catalog.format(
            'GRANT EXECUTE ON ALL ROUTINES IN SCHEMA %I TO stockdb_maintenance, stockdb_rls_exempt', v_schema
        );
    END LOOP;
    -- pg_partman: its maintenance runs as the ledger's owner (ATTACH
    -- PARTITION needs the parent's owner; ops.run_partition_maintenance is
    -- SECURITY DEFINER), so the owner may use partman's bookkeeping;
    -- maintenance may read it (ops.check_health).
    GRANT USAGE ON SCHEMA partman TO stockdb_owner, stockdb_maintenance;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA partman TO stockdb_owner;
    GRANT SELECT ON ALL TABLES IN SCHEMA partman TO stockdb_maintenance;
    -- Its materialised views are read only through the report views (owned
    -- by stockdb_owner) that filter them by tenant.
    FOR v_object IN
        SELECT c.oid::regclass AS name
        FROM pg_catalog.pg_class AS c
        INNER JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid
        WHERE n.nspname = ANY (v_schemas) AND c.relkind = 'm'
    LOOP
        EXECUTE pg_catalog.format('GRANT SELECT ON %s TO stockdb_owner', v_object.name);
    END LOOP;

    -- Routines made later start with no EXECUTE for PUBLIC.
    ALTER DEFAULT PRIVILEGES FOR ROLE stockdb_owner REVOKE EXECUTE ON ROUTINES FROM PUBLIC;
    ALTER DEFAULT PRIVILEGES FOR ROLE stockdb_maintenance REVOKE EXECUTE ON ROUTINES FROM PUBLIC;
    -- Only a superuser can do the above; the two get every other ops routine.
    REVOKE EXECUTE ON FUNCTION ops.apply_grants() FROM stockdb_maintenance, stockdb_rls_exempt;
END
$$;


--
-- Name: FUNCTION apply_grants(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.apply_grants() IS 'Creates the stockdb_* group roles if missing, gives every object of ours to its owner (stockdb_owner; the materialised views to stockdb_maintenance; the functions that filter by tenant themselves to stockdb_rls_exempt) and grants each group exactly its list, revoking the rest. Idempotent; run by sql/roles.sql and after a restore, as a superuser.';


--
-- Name: backup_verdict(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.backup_verdict(OUT status text, OUT detail text, OUT hint text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_backup record;
BEGIN
    -- ops.backup_health holds what stale means.
    SELECT * INTO v_backup FROM ops.backup_health;
    IF v_backup.last_good_backup IS NULL THEN
        detail := 'no successful backup recorded';
        hint := 'stockdb backup create';
    ELSE
        detail := format('last good backup %s at %s (%s h ago)', v_backup.last_good_backup,
                         to_char(v_backup.finished_at, 'YYYY-MM-DD HH24:MI'),
                         round(extract(epoch FROM v_backup.age) / 3600, 1));
        IF v_backup.stale THEN
            detail := detail || format(', older than %s hours', extract(epoch FROM v_backup.stale_after)::integer / 3600);
            hint := 'stockdb backup create';
        END IF;
        IF NOT coalesce(v_backup.verified, false) THEN
            detail := detail || ', not verified by a restore';
            hint := coalesce(hint || '; ', '') || format('stockdb backup verify %s', v_backup.last_good_backup);
        ELSE
            detail := detail || ', verified';
        END IF;
        IF v_backup.failed_since > 0 THEN
            detail := detail || format(', %s failed since', v_backup.failed_since);
            hint := coalesce(hint || '; ', '') || 'stockdb backup list shows why they failed';
        END IF;
    END IF;
    -- Every finding above says what to run; a backup with nothing to run is ok.
    status := CASE WHEN hint IS NULL THEN 'ok' ELSE 'warning' END;
END
$$;


--
-- Name: FUNCTION backup_verdict(OUT status text, OUT detail text, OUT hint text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.backup_verdict(OUT status text, OUT detail text, OUT hint text) IS 'Judges ops.backup_health: warning when there is no good backup, it is older than stale_after, no restore verified it, or backups failed since; ok otherwise. detail says which, hint what to run.';


--
-- Name: balance_mismatches(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.balance_mismatches() RETURNS TABLE(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid, on_hand numeric, ledger_on_hand numeric, reserved numeric, ledger_reserved numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH ledger AS (
        SELECT x.tenant_id, x.product_id, x.batch_id, x.location_id, sum(x.on_hand) AS on_hand,
               sum(x.reserved) AS reserved
        FROM (
            SELECT
                m.tenant_id, m.product_id, m.batch_id, m.location_id,
                coalesce(sum(inventory.on_hand_delta(m.movement_type, m.quantity)), 0) AS on_hand,
                coalesce(sum(inventory.reserved_delta(m.movement_type, m.quantity)), 0) AS reserved
            FROM inventory.stock_movement AS m
            GROUP BY m.tenant_id, m.product_id, m.batch_id, m.location_id
            -- the detached months, summed when they were detached
            UNION ALL
            SELECT c.tenant_id, c.product_id, c.batch_id, c.location_id, c.on_hand, c.reserved
            FROM inventory.ledger_carry AS c
        ) AS x
        GROUP BY x.tenant_id, x.product_id, x.batch_id, x.location_id
    ),
    balance AS (
        SELECT i.tenant_id, i.product_id, i.batch_id, i.location_id, sum(i.on_hand) AS on_hand, sum(i.reserved) AS reserved
        FROM inventory.inventory AS i
        GROUP BY i.tenant_id, i.product_id, i.batch_id, i.location_id
    )
    SELECT
        coalesce(b.tenant_id, l.tenant_id), coalesce(b.product_id, l.product_id),
        coalesce(b.batch_id, l.batch_id), coalesce(b.location_id, l.location_id),
        coalesce(b.on_hand, 0), coalesce(l.on_hand, 0), coalesce(b.reserved, 0), coalesce(l.reserved, 0)
    FROM balance AS b
    FULL JOIN ledger AS l
        ON l.tenant_id = b.tenant_id AND l.product_id = b.product_id AND l.location_id = b.location_id
        AND l.batch_id IS NOT DISTINCT FROM b.batch_id
    WHERE coalesce(b.on_hand, 0) <> coalesce(l.on_hand, 0) OR coalesce(b.reserved, 0) <> coalesce(l.reserved, 0)
$$;


--
-- Name: FUNCTION balance_mismatches(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.balance_mismatches() IS 'Every product × batch × location whose balance (inventory.inventory) differs from the sum of its ledger rows plus its carry from detached months; empty when the books agree. Reads the whole attached ledger.';


--
-- Name: check_health(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.check_health() RETURNS TABLE(check_name text, status text, detail text, hint text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_ledger_zone text;
    v_first_month text;
    v_last_month text;
    v_missing text;
    v_text text;
    v_count bigint;
    v_stray bigint;
    v_covered boolean;
    v_cron_here boolean;
    v_run ops.maintenance_run;
    v_outbox record;
    v_archiver pg_catalog.pg_stat_archiver;
    v_base ops.backup;
    v_start timestamptz;
    v_end timestamptz;
    -- Variables, so static checkers do not look for schemas that may not exist.
    v_cron text := 'cron';
    v_partman text := 'partman';
BEGIN
    -- Extensions the schema is built on (pg_cron only where it runs, so shown, not required).
    SELECT string_agg(x.name, ', ' ORDER BY x.name) FILTER (WHERE e.extname IS NULL AND x.required),
           string_agg(e.extname || ' ' || e.extversion, ', ' ORDER BY e.extname)
    INTO v_missing, v_text
    FROM (VALUES ('btree_gist', true), ('pg_cron', false), ('pg_partman', true), ('pg_trgm', true),
                 ('pgcrypto', true)) AS x (name, required)
    LEFT JOIN pg_catalog.pg_extension AS e ON e.extname = x.name;
    check_name := 'extensions';
    IF v_missing IS NOT NULL THEN
        status := 'failed';
        detail := format('missing: %s (installed: %s)', v_missing, coalesce(v_text, 'none'));
        hint := 'Install them (pg_partman is postgresql-15-partman; the others ship with PostgreSQL), '
                'then run stockdb migrate.';
    ELSE
        status := 'ok';
        detail := v_text;
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- Is pg_cron running the jobs of ops.cron_job in this database, as listed?
    check_name := 'scheduler';
    v_cron_here := ops.pg_cron_runs_here();
    IF v_cron_here IS NULL THEN
        status := 'warning';
        detail := format('role %s may not read cron.database_name', current_user);
        hint := 'Run the check as the superuser, or GRANT pg_read_all_settings to this role.';
    ELSIF NOT v_cron_here THEN
        status := 'warning';
        detail := format(
            'pg_cron does not run jobs in database %s (cron.database_name is %s)',
            current_database(), coalesce(current_setting('cron.database_name', true), 'unset')
        );
        hint := 'Run the jobs with stockdb maintenance run JOB, or schedule them with '
                'cron.schedule_in_database from the database pg_cron runs in.';
    ELSE
        BEGIN
            EXECUTE format($sql$
                SELECT string_agg(c.job_name, ', ' ORDER BY c.job_name)
                FROM ops.cron_job AS c
                WHERE c.enabled AND NOT EXISTS (
                    SELECT 1 FROM %1$I.job AS j
                    WHERE j.jobname = 'stockdb-' || c.job_name AND j.database = current_database()
                      AND j.active AND j.schedule = c.schedule AND j.command = c.command
                )
            $sql$, v_cron) INTO v_missing;
            -- pg_cron's own record of each job's last start: a job that could
            -- not even connect (pg_cron logs in like any client) never reaches
            -- ops.maintenance_run.
            EXECUTE format($sql$
                SELECT string_agg(
                           substr(j.jobname, 9) || ' at ' || to_char(d.start_time, 'YYYY-MM-DD HH24:MI') || ': '
                           || coalesce(nullif(btrim(d.return_message), ''), d.status),
                           '; ' ORDER BY j.jobname
                       ) FILTER (WHERE d.status = 'failed'),
                       max(d.start_time)
                FROM %1$I.job AS j
                CROSS JOIN LATERAL (
                    SELECT x.status, x.return_message, x.start_time
                    FROM %1$I.job_run_details AS x
                    WHERE x.jobid = j.jobid
                    ORDER BY x.start_time DESC NULLS LAST, x.runid DESC
                    LIMIT 1
                ) AS d
                WHERE j.jobname LIKE 'stockdb-%%' AND j.database = current_database()
            $sql$, v_cron) INTO v_text, v_start;
            SELECT count(*) INTO v_count FROM ops.cron_job AS c WHERE c.enabled;
            hint := NULL;
            IF v_missing IS NOT NULL OR v_text IS NOT NULL THEN
                status := 'failed';
                detail := concat_ws('; ',
                    'not scheduled as ops.cron_job lists them: ' || v_missing,
                    'pg_cron''s last run failed: ' || v_text);
                hint := concat_ws('; ',
                    CASE WHEN v_missing IS NOT NULL THEN 'SELECT ops.schedule_jobs() registers them with pg_cron' END,
                    CASE WHEN v_text IS NOT NULL
                         THEN 'cron.job_run_details has every run; a job that cannot connect needs a login '
                              'pg_cron can use (cron.host, pg_hba.conf)' END);
            -- A job whose hour, day, month and weekday are all * starts at
            -- least hourly, so pg_cron that started nothing for two hours
            -- is not running.
            ELSIF v_start < now() - interval '2 hours' AND EXISTS (
                SELECT 1 FROM ops.cron_job AS c
                WHERE c.enabled AND regexp_replace(btrim(c.schedule), '^\S+\s+', '') = '* * * *'
            ) THEN
                status := 'warning';
                detail := format('pg_cron started no job since %s', to_char(v_start, 'YYYY-MM-DD HH24:MI'));
                hint := 'Is the pg_cron launcher running? Its log lines say why not.';
            ELSE
                status := 'ok';
                detail := format('pg_cron runs the %s enabled jobs here', v_count)
                          || coalesce('; last start at ' || to_char(v_start, 'YYYY-MM-DD HH24:MI'), '');
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            status := 'warning';
            detail := format('role %s may not read cron.job', current_user);
            hint := 'Run the check as the superuser.';
        END;
    END IF;
    RETURN NEXT;

    -- Each enabled job's last run: failed, or still running after an hour.
    SELECT string_agg(
               format('%s failed at %s: %s', r.job_name, to_char(r.started_at, 'YYYY-MM-DD HH24:MI'),
                      coalesce(r.detail ->> 'error', r.detail::text)),
               '; ' ORDER BY r.job_name
           ) FILTER (WHERE r.status = 'failed'),
           string_agg(format('%s running since %s', r.job_name, to_char(r.started_at, 'YYYY-MM-DD HH24:MI')),
                      '; ' ORDER BY r.job_name)
               FILTER (WHERE r.status = 'running' AND r.started_at < now() - interval '1 hour'),
           count(*) FILTER (WHERE r.job_name IS NULL)
    INTO v_missing, v_text, v_count
    FROM ops.cron_job AS c
    LEFT JOIN LATERAL (
        SELECT m.* FROM ops.maintenance_run AS m
        WHERE m.job_name = c.job_name
        ORDER BY m.started_at DESC, m.id DESC
        LIMIT 1
    ) AS r ON true
    WHERE c.enabled;
    check_name := 'maintenance';
    IF v_missing IS NOT NULL THEN
        status := 'failed';
        detail := v_missing || coalesce('; ' || v_text, '');
        hint := 'stockdb maintenance status shows every job''s last run; stockdb maintenance run JOB runs one again.';
    ELSIF v_text IS NOT NULL THEN
        status := 'warning';
        detail := v_text;
        hint := 'A run that never finished was cut off; stockdb maintenance run JOB runs it again.';
    ELSE
        status := 'ok';
        detail := CASE WHEN v_count = 0 THEN 'every job''s last run ended well'
                       ELSE format('every job''s last run ended well; %s never ran yet', v_count) END;
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- The last integrity check that finished.
    SELECT m.* INTO v_run
    FROM ops.maintenance_run AS m
    WHERE m.job_name = 'check-integrity' AND m.status <> 'running'
    ORDER BY m.started_at DESC, m.id DESC
    LIMIT 1;
    check_name := 'integrity';
    IF v_run.id IS NULL THEN
        status := 'warning';
        detail := 'ops.check_integrity() has never run';
        hint := 'CALL ops.check_integrity(), or stockdb check, which runs it first.';
    ELSIF v_run.status = 'failed' THEN
        status := 'failed';
        detail := format('the check of %s failed: %s', to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'),
                         coalesce(v_run.detail ->> 'error', v_run.detail::text));
        hint := 'CALL ops.check_integrity() again once the cause is mended.';
    ELSE
        SELECT sum(f.n), string_agg(f.check_name || ' ' || f.n, ', ' ORDER BY f.check_name)
        INTO v_count, v_text
        FROM (
            SELECT r.check_name, count(*) AS n
            FROM ops.integrity_check_result AS r
            WHERE r.run_id = v_run.id
            GROUP BY r.check_name
        ) AS f;
        IF v_count > 0 THEN
            status := 'failed';
            detail := format('%s finding(s) at %s: %s', v_count, to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'),
                             v_text);
            hint := format('SELECT * FROM ops.integrity_check_result WHERE run_id = %s', v_run.id);
        ELSIF v_run.started_at < now() - interval '2 days' THEN
            status := 'warning';
            detail := format('no findings, but the last check ran at %s',
                             to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'));
            hint := 'pg_cron runs check-integrity nightly; see the scheduler and maintenance checks.';
        ELSE
            status := 'ok';
            detail := format('no findings at %s', to_char(v_run.started_at, 'YYYY-MM-DD HH24:MI'));
            hint := NULL;
        END IF;
    END IF;
    RETURN NEXT;

    -- The ledger's months: now and the month ahead exist, nothing fell into
    -- the default partition (a row there is outside every month, and
    -- partition maintenance moves it into one).
    check_name := 'ledger_partitions';
    -- Named as the months' own zone names them (inventory.ledger_time_zone):
    -- the first day of the first month and the last day of the last.
    v_ledger_zone := inventory.ledger_time_zone();
    EXECUTE format($sql$
        SELECT min(i.child_start_time), max(i.child_end_time), count(*),
               bool_or(now() >= i.child_start_time AND now() < i.child_end_time)
               AND bool_or(now() + interval '1 month' >= i.child_start_time
                           AND now() + interval '1 month' < i.child_end_time)
        FROM %1$I.show_partitions('inventory.stock_movement') AS p
        CROSS JOIN LATERAL %1$I.show_partition_info(
            p.partition_schemaname || '.' || p.partition_tablename, NULL, 'inventory.stock_movement'
        ) AS i
    $sql$, v_partman) INTO v_start, v_end, v_count, v_covered;
    v_first_month := to_char(v_start AT TIME ZONE v_ledger_zone, 'YYYY-MM');
    v_last_month := to_char((v_end AT TIME ZONE v_ledger_zone) - interval '1 day', 'YYYY-MM');
    SELECT count(*) INTO v_stray FROM inventory.stock_movement_default;
    IF v_stray > 0 THEN
        status := 'failed';
        detail := format('%s ledger row(s) in the default partition', v_stray);
        hint := 'Partition maintenance moves them into months made for them: stockdb maintenance run '
                'partition-maintenance (pg_cron runs it hourly).';
    ELSIF NOT coalesce(v_covered, false) THEN
        status := 'failed';
        detail := format('%s monthly partition(s), %s: this month or the next has none', v_count,
                         coalesce(v_first_month || ' to ' || v_last_month, 'none'));
        hint := 'stockdb maintenance run partition-maintenance makes the months ahead.';
    ELSIF v_end < now() + interval '2 months' THEN
        status := 'warning';
        detail := format('months made only up to %s', v_last_month);
        hint := 'Partition maintenance has not run lately: stockdb maintenance run partition-maintenance.';
    ELSE
        status := 'ok';
        detail := format('%s monthly partitions, %s to %s; the default partition is empty', v_count,
                         v_first_month, v_last_month)
                  || coalesce((SELECT format('; %s whole months kept before this one, %s detached',
                                             r.keep_months, d.detached)
                                      || CASE WHEN d.dropped > 0 THEN format(' (%s of them dropped since)', d.dropped)
                                              ELSE '' END
                               FROM ops.ledger_retention AS r
                               CROSS JOIN (
                                   SELECT count(*) AS detached,
                                          count(*) FILTER (WHERE to_regclass(m.table_name) IS NULL) AS dropped
                                   FROM ops.detached_ledger_month AS m
                               ) AS d
                               WHERE r.keep_months IS NOT NULL), '');
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- An interrupted CREATE INDEX CONCURRENTLY leaves an invalid index that
    -- every write still maintains and no query uses.
    SELECT string_agg(i.indexrelid::regclass::text, ', ' ORDER BY i.indexrelid::regclass::text) INTO v_missing
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_class AS c ON c.oid = i.indexrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE NOT (i.indisvalid AND i.indisready)
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%';
    check_name := 'indexes';
    IF v_missing IS NOT NULL THEN
        status := 'failed';
        detail := format('invalid: %s', v_missing);
        hint := 'REINDEX INDEX CONCURRENTLY each of them.';
    ELSE
        status := 'ok';
        detail := 'every index is valid';
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- WAL archiving (point-in-time recovery). A failing archive_command is
    -- the outage to catch early: the server keeps every segment it could not
    -- archive, so pg_wal grows until its disk is full and the server stops.
    check_name := 'wal_archive';
    SELECT * INTO v_archiver FROM pg_catalog.pg_stat_archiver;
    SELECT * INTO v_base FROM ops.backup AS b
    WHERE b.kind = 'base' AND b.status = 'ok'
    ORDER BY b.finished_at DESC
    LIMIT 1;
    IF current_setting('archive_mode') = 'off' THEN
        status := 'ok';
        detail := 'archiving is off: a restore goes back to the last dump';
        hint := NULL;
    ELSIF coalesce(current_setting('archive_command', true), '') = ''
          AND coalesce(current_setting('archive_library', true), '') = '' THEN
        status := 'failed';
        detail := format('archive_mode is %s but archive_command is empty: nothing is archived, and the '
                         'server keeps every segment in pg_wal until it is', current_setting('archive_mode'));
        hint := 'Set archive_command (README: point-in-time recovery) and reload, or set archive_mode = off '
                'and restart.';
    ELSIF v_archiver.last_failed_time IS NOT NULL
          AND v_archiver.last_failed_time > coalesce(v_archiver.last_archived_time, '-infinity') THEN
        status := 'failed';
        detail := format('archive_command fails: segment %s at %s (%s failure(s), %s archived since %s); '
                         'pg_wal keeps every segment until it succeeds',
                         v_archiver.last_failed_wal, to_char(v_archiver.last_failed_time, 'YYYY-MM-DD HH24:MI:SS'),
                         v_archiver.failed_count, v_archiver.archived_count,
                         to_char(v_archiver.stats_reset, 'YYYY-MM-DD HH24:MI'));
        hint := 'The server log has the command''s error: a full or missing archive directory, or its '
                'owner. pg_wal grows until the command succeeds, and a full disk stops the server.';
    ELSIF v_base.id IS NULL THEN
        status := 'warning';
        detail := format('%s segment(s) archived, last %s, but no base backup is recorded: archived WAL '
                         'replays only onto one', v_archiver.archived_count,
                         coalesce(v_archiver.last_archived_wal, 'none'));
        hint := 'stockdb backup base, then regularly (and stockdb backup prune --wal-archive DIR).';
    ELSE
        status := 'ok';
        detail := format('%s segment(s) archived, last %s at %s; newest base backup %s at %s',
                         v_archiver.archived_count, coalesce(v_archiver.last_archived_wal, 'none'),
                         coalesce(to_char(v_archiver.last_archived_time, 'YYYY-MM-DD HH24:MI'), 'never'),
                         v_base.id, to_char(v_base.finished_at, 'YYYY-MM-DD HH24:MI'));
        hint := NULL;
    END IF;
    RETURN NEXT;

    -- Backups, judged where `stockdb maintenance status` reads them too.
    check_name := 'backup';
    SELECT v.status, v.detail, v.hint INTO status, detail, hint FROM ops.backup_verdict() AS v;
    RETURN NEXT;

    -- The outbox: audit documents and alerts waiting for MongoDB.
    SELECT sum(o.pending) AS pending, min(o.oldest_pending_at) AS oldest, sum(o.failing) AS failing,
           (array_agg(o.last_error) FILTER (WHERE o.last_error IS NOT NULL))[1] AS last_error,
           sum(o.parked) AS parked,
           (array_agg(o.last_parked_error) FILTER (WHERE o.last_parked_error IS NOT NULL))[1] AS last_parked_error
    INTO v_outbox
    FROM audit.outbox_status() AS o;
    check_name := 'outbox';
    IF v_outbox.pending > 0 AND v_outbox.oldest < now() - interval '1 hour' THEN
        status := 'warning';
        detail := format('%s row(s) wait for MongoDB, the oldest since %s', v_outbox.pending,
                         to_char(v_outbox.oldest, 'YYYY-MM-DD HH24:MI'))
                  || CASE WHEN v_outbox.failing > 0
                          THEN format('; %s failed to deliver, last: %s', v_outbox.failing, v_outbox.last_error)
                          ELSE '' END;
        hint := 'Run stockdb relay with MONGODB_URL set; stockdb relay status shows the backlog.';
    ELSIF v_outbox.parked > 0 THEN
        -- Never sent until someone acts: MongoDB refused these documents themselves.
        status := 'warning';
        detail := format('%s row(s) parked: MongoDB refused their documents, last: %s', v_outbox.parked,
                         v_outbox.last_parked_error);
        hint := 'stockdb relay parked lists them. Mend what MongoDB refused (stockdb mongo setup replaces a '
                'validator that differs), then stockdb relay retry-parked; give up on a document it will '
                'never take with stockdb relay discard-parked --id ID --output FILE.';
    ELSE
        status := 'ok';
        detail := CASE WHEN v_outbox.pending > 0 THEN format('%s row(s) waiting, none for an hour', v_outbox.pending)
                       ELSE 'nothing waiting' END;
        hint := NULL;
    END IF;
    RETURN NEXT;
END
$_$;


--
-- Name: FUNCTION check_health(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.check_health() IS 'One row per check of the install (extensions, scheduler, maintenance, integrity, ledger_partitions, indexes, wal_archive, backup, outbox) with status ok, warning or failed, what was found and what to do. Reads only; judges the last ops.check_integrity() run. stockdb check prints it. Run as the superuser or stockdb_maintenance.';


--
-- Name: check_integrity(); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.check_integrity()
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_run bigint := ops.start_run('check-integrity');
    v_findings bigint;
    v_tenant record;
BEGIN
    BEGIN
        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'balance_equals_ledger', b.tenant_id,
               jsonb_build_object('product_id', b.product_id, 'batch_id', b.batch_id, 'location_id', b.location_id),
               format('balance on hand %s reserved %s, ledger on hand %s reserved %s',
                      b.on_hand, b.reserved, b.ledger_on_hand, b.ledger_reserved)
        FROM ops.balance_mismatches() AS b;

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'balance_within_bounds', i.tenant_id,
               jsonb_build_object('inventory_id', i.id, 'product_id', i.product_id, 'location_id', i.location_id),
               format('on hand %s, reserved %s', i.on_hand, i.reserved)
        FROM inventory.inventory AS i
        WHERE i.on_hand < 0 OR i.reserved < 0 OR i.reserved > i.on_hand;

        -- What is reserved is exactly what the active reservations hold.
        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'reserved_equals_open_reservations', coalesce(i.tenant_id, l.tenant_id),
               jsonb_build_object('product_id', coalesce(i.product_id, l.product_id),
                                  'batch_id', coalesce(i.batch_id, l.batch_id),
                                  'location_id', coalesce(i.location_id, l.location_id)),
               format('reserved %s, active reservation lines %s', coalesce(i.reserved, 0), coalesce(l.quantity, 0))
        FROM (
            SELECT tenant_id, product_id, batch_id, location_id, sum(reserved) AS reserved
            FROM inventory.inventory WHERE reserved <> 0
            GROUP BY 1, 2, 3, 4
        ) AS i
        FULL JOIN (
            SELECT rl.tenant_id, rl.product_id, rl.batch_id, rl.location_id, sum(rl.quantity) AS quantity
            FROM inventory.reservation_line AS rl
            JOIN inventory.reservation AS r ON r.tenant_id = rl.tenant_id AND r.id = rl.reservation_id
            WHERE r.status = 'active'
            GROUP BY 1, 2, 3, 4
        ) AS l ON l.tenant_id = i.tenant_id AND l.product_id = i.product_id AND l.location_id = i.location_id
              AND l.batch_id IS NOT DISTINCT FROM i.batch_id
        WHERE coalesce(i.reserved, 0) <> coalesce(l.quantity, 0);

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'reservation_lines_match', r.tenant_id, jsonb_build_object('reservation_id', r.id),
               format('reservation of %s, lines of %s', r.quantity, coalesce(sum(rl.quantity), 0))
        FROM inventory.reservation AS r
        LEFT JOIN inventory.reservation_line AS rl ON rl.tenant_id = r.tenant_id AND rl.reservation_id = r.id
        GROUP BY r.tenant_id, r.id, r.quantity
        HAVING r.quantity <> coalesce(sum(rl.quantity), 0);

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'purchase_order_total', po.tenant_id, jsonb_build_object('purchase_order_id', po.id),
               format('total %s, lines %s', po.total_minor, coalesce(sum(poi.line_total_minor), 0))
        FROM procurement.purchase_order AS po
        LEFT JOIN procurement.purchase_order_item AS poi
            ON poi.tenant_id = po.tenant_id AND poi.purchase_order_id = po.id
        GROUP BY po.tenant_id, po.id, po.total_minor
        HAVING po.total_minor <> coalesce(sum(poi.line_total_minor), 0);

        INSERT INTO ops.integrity_check_result (run_id, check_name, tenant_id, subject, finding)
        SELECT v_run, 'sales_order_total', so.tenant_id, jsonb_build_object('sales_order_id', so.id),
               format('subtotal %s, lines %s; total %s', so.subtotal_minor, coalesce(sum(soi.line_total_minor), 0),
                      so.total_minor)
        FROM sales.sales_order AS so
        LEFT JOIN sales.sales_order_item AS soi ON soi.tenant_id = so.tenant_id AND soi.sales_order_id = so.id
        GROUP BY so.tenant_id, so.id, so.subtotal_minor, so.total_minor, so.shipping_minor, so.tax_minor
        HAVING so.subtotal_minor <> coalesce(sum(soi.line_total_minor), 0)
            OR so.total_minor <> so.subtotal_minor + so.shipping_minor + so.tax_minor;

        -- One integrity alert per tenant while findings persist.
        FOR v_tenant IN
            SELECT t.id, count(f.id) AS findings,
                   coalesce(jsonb_agg(DISTINCT f.check_name) FILTER (WHERE f.id IS NOT NULL), '[]') AS checks
            FROM auth.tenant AS t
            LEFT JOIN ops.integrity_check_result AS f ON f.run_id = v_run AND f.tenant_id = t.id
            GROUP BY t.id
        LOOP
            PERFORM audit.set_alert(
                v_tenant.id, 'integrity', 'check_integrity', v_tenant.findings > 0,
                jsonb_build_object('run_id', v_run, 'findings', v_tenant.findings, 'checks', v_tenant.checks)
            );
        END LOOP;

        SELECT count(*) INTO v_findings FROM ops.integrity_check_result AS f WHERE f.run_id = v_run;
        PERFORM ops.finish_run(v_run, 'ok', jsonb_build_object('findings', v_findings));
        IF v_findings > 0 THEN
            RAISE WARNING 'ops.check_integrity found % problem(s)', v_findings
                USING DETAIL = format('SELECT * FROM ops.integrity_check_result WHERE run_id = %s', v_run);
        END IF;
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;


--
-- Name: PROCEDURE check_integrity(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.check_integrity() IS 'Checks every balance against the ledger, balances within bounds, reserved stock against the active reservations, reservation lines against their reservations and order totals against their lines; stores each finding in ops.integrity_check_result and raises one integrity alert per tenant while any remain.';


--
-- Name: check_version(text, uuid, integer, integer); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.check_version(document text, id uuid, expected integer, actual integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF check_version.expected IS NULL THEN
        RAISE EXCEPTION 'version must not be null'
            USING ERRCODE = '22023',
                  DETAIL = format('Changing %s %s needs the version you read.', check_version.document, check_version.id),
                  HINT = 'Pass the version column of the row as you last read it.';
    END IF;
    IF check_version.expected <> check_version.actual THEN
        RAISE EXCEPTION '% % was changed by someone else', check_version.document, check_version.id
            USING ERRCODE = 'SD004',
                  DETAIL = format('Expected version %s, the row is at version %s.', check_version.expected, check_version.actual),
                  HINT = 'Read the row again and retry with its current version.';
    END IF;
END
$$;


--
-- Name: FUNCTION check_version(document text, id uuid, expected integer, actual integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.check_version(document text, id uuid, expected integer, actual integer) IS '22023 when no version was given, SD004 when it is not the current one.';


--
-- Name: create_tenant(text, text, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.create_tenant(code text, name text, admin_email text DEFAULT 'admin@localhost'::text) RETURNS TABLE(tenant_id uuid, admin_user_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $_$
DECLARE
    v_tenant_id uuid;
    v_admin_id uuid;
BEGIN
    PERFORM ops.require_text(create_tenant.code, 'code', '^[a-z0-9][a-z0-9_-]{0,62}$',
                             'Lower case letters, digits, - and _, at most 63 and not starting with - or _: acme, north-2.');
    PERFORM ops.require_text(create_tenant.name, 'name', '\S', 'Give the company''s name.');
    IF create_tenant.admin_email IS NULL OR create_tenant.admin_email !~ '^[^@[:space:]]+@[^@[:space:]]+$' THEN
        RAISE EXCEPTION 'admin_email is not an email address'
            USING ERRCODE = '22023', DETAIL = format('admin_email => %s.', ops.quoted_excerpt(create_tenant.admin_email)),
                  HINT = 'Pass an address such as admin@example.com.';
    END IF;
    PERFORM ops.require_length(create_tenant.admin_email, 'admin_email', 320);
    INSERT INTO auth.tenant AS t (code, name)
    VALUES (create_tenant.code, btrim(create_tenant.name))
    ON CONFLICT ON CONSTRAINT tenant_code_key DO NOTHING
    RETURNING t.id INTO v_tenant_id;
    IF v_tenant_id IS NULL THEN
        RAISE EXCEPTION 'a tenant with code % exists', create_tenant.code
            USING ERRCODE = '23505', DETAIL = 'Tenant codes are unique in a database.',
                  HINT = 'Pick another code, or list the tenants (stockdb tenant list).';
    END IF;
    -- No password: the admin gets one from api.set_password as system work.
    INSERT INTO auth.app_user AS u (tenant_id, email, role)
    VALUES (v_tenant_id, create_tenant.admin_email, 'admin')
    RETURNING u.id INTO v_admin_id;
    RETURN QUERY SELECT v_tenant_id, v_admin_id;
END
$_$;


--
-- Name: FUNCTION create_tenant(code text, name text, admin_email text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.create_tenant(code text, name text, admin_email text) IS 'Creates a tenant and its first admin (admin_email, default admin@localhost, without a password: set one with api.set_password as system work) and returns both ids. Errors: 22023 missing or malformed code, name or email, 23505 code already used.';


--
-- Name: detect_delayed_shipments(); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.detect_delayed_shipments()
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_run bigint := ops.start_run('detect-delayed-shipments');
    v record;
    v_now logistics.shipment;
    v_late boolean;
    v_raised integer := 0;
    v_cleared integer := 0;
    v_busy integer := 0;
BEGIN
    -- Two runs at once would both find a condition new and alert twice.
    PERFORM pg_advisory_xact_lock(hashtextextended('ops.detect_delayed_shipments', 0));
    BEGIN
        FOR v IN
            SELECT s.tenant_id, s.id
            FROM logistics.shipment AS s
            WHERE s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now()
            UNION ALL
            SELECT s.tenant_id, s.id
            FROM (
                -- Raised alerts only (alert_state_open_idx), each shipment found by its key:
                -- comparing s.id::text read every shipment ever made. OFFSET 0 keeps the
                -- filter on the alert type below the cast (other types' subjects are no uuids).
                SELECT a.tenant_id, a.subject
                FROM audit.alert_state AS a
                WHERE a.alert_type = 'shipment_delayed' AND a.active
                OFFSET 0
            ) AS a
            JOIN logistics.shipment AS s ON s.tenant_id = a.tenant_id AND s.id = a.subject::uuid
            WHERE NOT (s.status IN ('in_transit', 'delayed') AND s.expected_delivery_at < now())
        LOOP
            -- Judged again on the row as it is now, held FOR SHARE to the end of the run:
            -- judged from the loop's first read, a shipment delivered meanwhile was raised
            -- as late and stayed so until the next run. A shipment being changed
            -- (add_tracking_event holds it) is left for the next run, not waited for.
            SELECT s.* INTO v_now
            FROM logistics.shipment AS s
            WHERE s.tenant_id = v.tenant_id AND s.id = v.id
            FOR SHARE SKIP LOCKED;
            IF NOT FOUND THEN
                v_busy := v_busy + 1;
                CONTINUE;
            END IF;
            v_late := v_now.status IN ('in_transit', 'delayed') AND v_now.expected_delivery_at < now();
            IF audit.set_alert(
                v.tenant_id, 'shipment_delayed', v.id::text, v_late,
                jsonb_build_object('shipment_id', v.id, 'tracking_number', v_now.tracking_number,
                                   'status', v_now.status, 'expected_delivery_at', v_now.expected_delivery_at)
            ) THEN
                IF v_late THEN v_raised := v_raised + 1; ELSE v_cleared := v_cleared + 1; END IF;
            END IF;
        END LOOP;
        PERFORM ops.finish_run(
            v_run, 'ok', jsonb_build_object('raised', v_raised, 'cleared', v_cleared, 'busy', v_busy)
        );
    EXCEPTION WHEN OTHERS THEN
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(SQLSTATE, SQLERRM));
    END;
END
$$;


--
-- Name: PROCEDURE detect_delayed_shipments(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.detect_delayed_shipments() IS 'Raises a shipment_delayed alert for each shipment in transit (or delayed) past its expected_delivery_at, once, and clears it when the shipment is delivered, cancelled or given a later date; a shipment being changed meanwhile is left for the next run (detail {raised, cleared, busy}).';


--
-- Name: detect_expiring_batches(); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.detect_expiring_batches()
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_run bigint := ops.start_run('detect-expiring-batches');
    v_stock record;
    v record;
    v_raised integer := 0;
    v_busy integer := 0;
    v_state text;
    v_message text;
BEGIN
    COMMIT;
    FOR v_stock IN
        SELECT DISTINCT i.tenant_id, i.product_id, l.warehouse_id
        FROM inventory.inventory AS i
        JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
        JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
        JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
        JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
        WHERE i.deleted_at IS NULL AND i.on_hand > 0
          AND b.expiry_date <= (pg_catalog.now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days
        ORDER BY 1, 2, 3
    LOOP
        BEGIN
            PERFORM pg_catalog.set_config('lock_timeout', '5s', true);
            PERFORM inventory.lock_stock(v_stock.tenant_id, ARRAY[v_stock.product_id], ARRAY[v_stock.warehouse_id]);
            FOR v IN
                SELECT i.batch_id, p.sku, b.batch_number, b.expiry_date, pg_catalog.sum(i.on_hand) AS on_hand
                FROM inventory.inventory AS i
                JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
                JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
                JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
                JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
                WHERE i.tenant_id = v_stock.tenant_id AND i.product_id = v_stock.product_id
                  AND l.warehouse_id = v_stock.warehouse_id AND i.deleted_at IS NULL
                  AND b.expiry_date <= (pg_catalog.now() AT TIME ZONE w.timezone)::date + p.expiry_alert_days
                GROUP BY i.batch_id, p.sku, b.batch_number, b.expiry_date
                HAVING pg_catalog.sum(i.on_hand) > 0
                ORDER BY i.batch_id
            LOOP
                IF audit.set_alert(
                    v_stock.tenant_id, 'batch_expiring', v.batch_id || '@' || v_stock.warehouse_id, true,
                    pg_catalog.jsonb_build_object(
                        'batch_id', v.batch_id, 'batch_number', v.batch_number, 'sku', v.sku,
                        'warehouse_id', v_stock.warehouse_id, 'expiry_date', v.expiry_date, 'on_hand', v.on_hand
                    )
                ) THEN
                    v_raised := v_raised + 1;
                END IF;
            END LOOP;
        EXCEPTION
            WHEN lock_not_available THEN
                v_busy := v_busy + 1;
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
        END;
        COMMIT;
        EXIT WHEN v_state IS NOT NULL;
    END LOOP;
    IF v_state IS NULL THEN
        PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('raised', v_raised, 'busy', v_busy));
    ELSE
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(v_state, v_message));
    END IF;
    COMMIT;
END
$$;


--
-- Name: PROCEDURE detect_expiring_batches(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.detect_expiring_batches() IS 'Raises batch_expiring, once per batch × warehouse, for stock whose batch expires within its product''s expiry_alert_days, judging each product × warehouse under its stock lock in a transaction of its own (busy past lock_timeout: left for the next run); the ledger trigger clears it when the stock is gone. Records the run (raised, busy) in ops.maintenance_run.';


--
-- Name: expire_reservations(integer); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.expire_reservations(IN batch_size integer DEFAULT 500)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_due record;
    v_expired integer := 0;
    v_busy integer := 0;
    v_state text;
    v_message text;
    v_run bigint := ops.start_run('expire-reservations');
BEGIN
    COMMIT;
    FOR v_due IN
        SELECT r.tenant_id, r.id
        FROM inventory.reservation AS r
        WHERE r.status = 'active' AND r.expires_at < pg_catalog.now()
        ORDER BY r.expires_at
        LIMIT expire_reservations.batch_size
    LOOP
        BEGIN
            PERFORM pg_catalog.set_config('lock_timeout', '5s', true);
            PERFORM inventory.close_reservation(v_due.tenant_id, v_due.id, 'expired');
            v_expired := v_expired + 1;
        EXCEPTION
            WHEN SQLSTATE 'SD003' THEN
                -- Released or fulfilled since we looked: nothing to expire.
                NULL;
            WHEN lock_not_available THEN
                v_busy := v_busy + 1;
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
        END;
        COMMIT;
        EXIT WHEN v_state IS NOT NULL;
    END LOOP;
    IF v_state IS NULL THEN
        PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('expired', v_expired, 'busy', v_busy));
    ELSE
        PERFORM ops.finish_run(v_run, 'failed', ops.failure_detail(v_state, v_message));
    END IF;
    COMMIT;
    RAISE NOTICE 'expired % reservation(s), % left busy', v_expired, v_busy;
END
$$;


--
-- Name: PROCEDURE expire_reservations(IN batch_size integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.expire_reservations(IN batch_size integer) IS 'Releases up to batch_size active reservations whose expires_at has passed (status expired), one transaction each under its stock lock (busy past a 5 s lock_timeout: left for the next run), and records the run (expired, busy) in ops.maintenance_run. Run by pg_cron, or by `CALL ops.expire_reservations()`.';


--
-- Name: failure_detail(text, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.failure_detail(sqlstate text, message text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT jsonb_build_object('error', failure_detail.message, 'sqlstate', failure_detail.sqlstate)
$$;


--
-- Name: FUNCTION failure_detail(sqlstate text, message text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.failure_detail(sqlstate text, message text) IS 'The detail object of a failed maintenance run: {error, sqlstate}.';


--
-- Name: finish_run(bigint, text, jsonb); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.finish_run(run_id bigint, status text, detail jsonb DEFAULT '{}'::jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE ops.maintenance_run AS r
    SET finished_at = clock_timestamp(), status = finish_run.status, detail = coalesce(finish_run.detail, '{}')
    WHERE r.id = finish_run.run_id;
    IF finish_run.status = 'failed' THEN
        -- The run is recorded rather than rolled back, so the caller learns of
        -- the failure from the run's row and from this warning.
        RAISE WARNING 'maintenance run % failed: %', finish_run.run_id, finish_run.detail ->> 'error';
    END IF;
END
$$;


--
-- Name: FUNCTION finish_run(run_id bigint, status text, detail jsonb); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.finish_run(run_id bigint, status text, detail jsonb) IS 'Records the end of a maintenance run: status ok or failed, and a detail object (counts, or the error).';


--
-- Name: kept_or_cleared(anyelement, anyelement, boolean); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.kept_or_cleared(given anyelement, current anyelement, cleared boolean) RETURNS anyelement
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN cleared THEN NULL ELSE coalesce(given, current) END
$$;


--
-- Name: FUNCTION kept_or_cleared(given anyelement, current anyelement, cleared boolean); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.kept_or_cleared(given anyelement, current anyelement, cleared boolean) IS 'NULL when cleared, else given, else current: a field''s new value in an update call with a clear argument.';


--
-- Name: pg_cron_runs_here(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.pg_cron_runs_here() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_database text;
BEGIN
    BEGIN
        v_database := current_setting('cron.database_name', true);
    EXCEPTION WHEN insufficient_privilege THEN
        -- missing_ok does not cover a setting the role may not read (it
        -- needs pg_read_all_settings): unknown, not no.
        RETURN NULL;
    END;
    RETURN current_database() IS NOT DISTINCT FROM v_database
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_extension AS e WHERE e.extname = 'pg_cron');
END
$$;


--
-- Name: FUNCTION pg_cron_runs_here(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.pg_cron_runs_here() IS 'True when pg_cron runs jobs in this database (its extension is here and cron.database_name names it), false when it does not, NULL when the calling role may not read cron.database_name.';


--
-- Name: purge_idempotency_keys(interval, integer); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.purge_idempotency_keys(IN older_than interval DEFAULT '30 days'::interval, IN batch_size integer DEFAULT 10000)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_run bigint;
    v_cutoff timestamptz;
    v_batch bigint;
    v_total bigint := 0;
BEGIN
    IF purge_idempotency_keys.older_than IS NULL OR purge_idempotency_keys.older_than < interval '1 hour' THEN
        RAISE EXCEPTION 'older_than must be at least 1 hour'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_idempotency_keys was called with older_than => %L.',
                                             purge_idempotency_keys.older_than),
                  HINT = 'Keys are what makes retries safe; keep them longer than any client retries.';
    END IF;
    IF purge_idempotency_keys.batch_size IS NULL OR purge_idempotency_keys.batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be positive' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('batch_size => %s.', purge_idempotency_keys.batch_size),
            HINT = 'Leave it at its default of 10000.';
    END IF;
    v_run := ops.start_run('purge-idempotency-keys');
    v_cutoff := pg_catalog.now() - purge_idempotency_keys.older_than;
    COMMIT;
    LOOP
        -- Short transactions: a batch at a time, oldest first.
        DELETE FROM inventory.movement_request AS mr
        WHERE (mr.tenant_id, mr.id) IN (
            SELECT o.tenant_id, o.id FROM inventory.movement_request AS o
            WHERE o.created_at < v_cutoff
            ORDER BY o.created_at
            LIMIT purge_idempotency_keys.batch_size
        );
        GET DIAGNOSTICS v_batch = ROW_COUNT;
        v_total := v_total + v_batch;
        COMMIT;
        EXIT WHEN v_batch < purge_idempotency_keys.batch_size;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('purged', v_total, 'cutoff', v_cutoff));
    COMMIT;
END
$$;


--
-- Name: PROCEDURE purge_idempotency_keys(IN older_than interval, IN batch_size integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.purge_idempotency_keys(IN older_than interval, IN batch_size integer) IS 'Deletes idempotency keys older than older_than (at least 1 hour; default 30 days) in batches of batch_size, one transaction each, and records the count in ops.maintenance_run. A retry after its key is purged runs again.';


--
-- Name: purge_import_rows(interval); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.purge_import_rows(IN older_than interval DEFAULT '30 days'::interval)
    LANGUAGE plpgsql
    AS $_$
DECLARE
    v_run bigint;
    v_batch record;
    v_table text;
    v_count bigint;
    v_rows bigint := 0;
    v_batches bigint := 0;
BEGIN
    IF purge_import_rows.older_than IS NULL OR purge_import_rows.older_than < interval '1 day' THEN
        RAISE EXCEPTION 'older_than must be at least 1 day'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_import_rows was called with older_than => %L.',
                                             purge_import_rows.older_than),
                  HINT = 'Staged rows explain a recent import; keep them at least a day.';
    END IF;
    v_run := ops.start_run('purge-import-rows');
    COMMIT;
    FOR v_batch IN
        SELECT b.tenant_id, b.id, k.row_table
        FROM staging.import_batch AS b
        JOIN staging.import_kind AS k ON k.kind = b.kind
        WHERE b.finished_at < pg_catalog.now() - purge_import_rows.older_than AND b.status <> 'loading'
        ORDER BY b.finished_at
    LOOP
        v_table := v_batch.row_table;
        EXECUTE pg_catalog.format('DELETE FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2', v_table)
        USING v_batch.tenant_id, v_batch.id;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        IF v_count > 0 THEN
            v_rows := v_rows + v_count;
            v_batches := v_batches + 1;
        END IF;
        COMMIT;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('batches', v_batches, 'rows', v_rows));
    COMMIT;
END
$_$;


--
-- Name: PROCEDURE purge_import_rows(IN older_than interval); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.purge_import_rows(IN older_than interval) IS 'Deletes the staged rows of import batches that finished more than older_than ago (at least 1 day; default 30 days), one batch per transaction; the batches and their errors are kept. Records the counts in ops.maintenance_run.';


--
-- Name: purge_outbox(interval, integer); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.purge_outbox(IN older_than interval DEFAULT '7 days'::interval, IN batch_size integer DEFAULT 10000)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_run bigint;
    v_cutoff timestamptz;
    v_batch bigint;
    v_total bigint := 0;
BEGIN
    IF purge_outbox.older_than IS NULL OR purge_outbox.older_than < interval '1 hour' THEN
        RAISE EXCEPTION 'older_than must be at least 1 hour'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_outbox was called with older_than => %L.',
                                             purge_outbox.older_than),
                  HINT = 'Delivered rows are the way to re-send to a restored MongoDB; keep them a while.';
    END IF;
    IF purge_outbox.batch_size IS NULL OR purge_outbox.batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be positive' USING ERRCODE = '22023',
            DETAIL = pg_catalog.format('batch_size => %s.', purge_outbox.batch_size),
            HINT = 'Leave it at its default of 10000.';
    END IF;
    v_run := ops.start_run('purge-outbox');
    v_cutoff := pg_catalog.now() - purge_outbox.older_than;
    COMMIT;
    LOOP
        DELETE FROM audit.outbox AS o
        WHERE o.id IN (
            SELECT d.id FROM audit.outbox AS d
            WHERE d.delivered_at < v_cutoff
            ORDER BY d.delivered_at
            LIMIT purge_outbox.batch_size
        );
        GET DIAGNOSTICS v_batch = ROW_COUNT;
        v_total := v_total + v_batch;
        COMMIT;
        EXIT WHEN v_batch < purge_outbox.batch_size;
    END LOOP;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('purged', v_total, 'cutoff', v_cutoff));
    COMMIT;
END
$$;


--
-- Name: PROCEDURE purge_outbox(IN older_than interval, IN batch_size integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.purge_outbox(IN older_than interval, IN batch_size integer) IS 'Deletes outbox rows delivered more than older_than ago (at least 1 hour; default 7 days) in batches of batch_size, one transaction each; undelivered rows stay. Records the count in ops.maintenance_run.';


--
-- Name: purge_refresh_tokens(interval); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.purge_refresh_tokens(IN older_than interval DEFAULT '7 days'::interval)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_run bigint;
    v_count bigint;
BEGIN
    IF purge_refresh_tokens.older_than IS NULL OR purge_refresh_tokens.older_than < interval '0' THEN
        RAISE EXCEPTION 'older_than must not be negative'
            USING ERRCODE = '22023',
                  DETAIL = pg_catalog.format('ops.purge_refresh_tokens was called with older_than => %L.',
                                             purge_refresh_tokens.older_than),
                  HINT = 'Leave it at its default of 7 days.';
    END IF;
    v_run := ops.start_run('purge-refresh-tokens');
    COMMIT;
    DELETE FROM auth.refresh_token AS t
    WHERE (t.tenant_id, t.family_id) IN (
        SELECT f.tenant_id, f.family_id FROM auth.refresh_token AS f
        GROUP BY f.tenant_id, f.family_id
        HAVING max(f.expires_at) < pg_catalog.now() - purge_refresh_tokens.older_than
    );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM ops.finish_run(v_run, 'ok', pg_catalog.jsonb_build_object('purged', v_count));
    COMMIT;
END
$$;


--
-- Name: PROCEDURE purge_refresh_tokens(IN older_than interval); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.purge_refresh_tokens(IN older_than interval) IS 'Deletes refresh-token families whose newest token expired more than older_than ago (default 7 days); records the count in ops.maintenance_run.';


--
-- Name: quoted_excerpt(text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.quoted_excerpt(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN pg_catalog.length(quoted_excerpt.value) > 100
            THEN pg_catalog.format('%L… (%s characters)', pg_catalog.left(quoted_excerpt.value, 100),
                                   pg_catalog.length(quoted_excerpt.value))
        ELSE pg_catalog.quote_nullable(quoted_excerpt.value)
    END
$$;


--
-- Name: FUNCTION quoted_excerpt(value text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.quoted_excerpt(value text) IS 'The value quoted as a literal (NULL unquoted), cut at 100 characters with its length when longer: how error details show a text argument.';


--
-- Name: refresh_movement_daily(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.refresh_movement_daily() RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_previous timestamptz;
    v_next timestamptz;
    v_from date;
    v_rows bigint;
BEGIN
    SELECT r.horizon INTO v_previous FROM ops.report_refresh AS r WHERE r.report_name = 'report.movement_daily'
    FOR UPDATE;
    -- Taken before the rows are read: whatever this refresh cannot see
    -- belongs to a transaction that started at or after it. Only this
    -- database's, which alone write its ledger: an open transaction in
    -- another database of the cluster (a long pg_dump) held the horizon at its
    -- start, and every refresh summed all the days since again. Nor an
    -- autovacuum worker's, which writes no ledger row (a vacuum of a big
    -- partition held it too, and made test_maintenance's horizon flaky).
    SELECT least(clock_timestamp(), min(a.xact_start)) INTO v_next
    FROM pg_stat_activity AS a
    WHERE a.xact_start IS NOT NULL AND a.pid <> pg_backend_pid() AND a.datname = current_database()
      AND a.backend_type <> 'autovacuum worker';

    -- Local days begin up to 14 hours before UTC's: one day of margin each way.
    v_from := coalesce((v_previous AT TIME ZONE 'UTC')::date - 1, '-infinity'::date);
    DELETE FROM report.movement_daily AS d WHERE d.day >= v_from;
    INSERT INTO report.movement_daily (tenant_id, day, product_id, warehouse_id, movement_type, movement_count, quantity)
    SELECT m.tenant_id, (m.occurred_at AT TIME ZONE w.timezone)::date, m.product_id, l.warehouse_id,
           m.movement_type, count(*), sum(m.quantity)
    FROM inventory.stock_movement AS m
    JOIN warehouse.location AS l ON l.tenant_id = m.tenant_id AND l.id = m.location_id
    JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
    WHERE m.occurred_at >= v_from - interval '1 day'
      AND (m.occurred_at AT TIME ZONE w.timezone)::date >= v_from
    GROUP BY 1, 2, 3, 4, 5;
    GET DIAGNOSTICS v_rows = ROW_COUNT;

    UPDATE ops.report_refresh AS r SET horizon = v_next WHERE r.report_name = 'report.movement_daily';
    RETURN v_rows;
END
$$;


--
-- Name: FUNCTION refresh_movement_daily(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.refresh_movement_daily() IS 'Recomputes report.movement_daily from the day before the last refresh''s horizon onwards (all of it the first time) and returns how many summary rows it wrote. Called by ops.refresh_reports().';


--
-- Name: refresh_reports(boolean, integer); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.refresh_reports(IN force boolean DEFAULT false, IN wait_seconds integer DEFAULT 60)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_run bigint;
    v_due text[];
    v_report text;
    v_before xid[];
    v_deadline timestamptz;
    v_settled boolean := true;
    v_started timestamptz;
    v_rows bigint;
    v_done jsonb := '[]';
    v_failed jsonb := NULL;
BEGIN
    -- One refresher at a time; a second finds the lock taken and leaves. A
    -- session lock, because this procedure commits; every step after it
    -- catches its errors, so the unlock at the end is reached.
    IF NOT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended('ops.refresh_reports', 0)) THEN
        RAISE NOTICE 'another ops.refresh_reports() is running; nothing done';
        RETURN;
    END IF;
    v_run := ops.start_run('refresh-reports');

    WITH due AS (
        UPDATE ops.report_refresh AS r
        SET dirty = false, last_started_at = pg_catalog.clock_timestamp()
        WHERE refresh_reports.force OR r.dirty OR r.last_refreshed_at IS NULL
           OR r.last_refreshed_at < pg_catalog.date_trunc('day', pg_catalog.now())
        RETURNING r.report_name, r.refresh_order
    )
    SELECT coalesce(pg_catalog.array_agg(due.report_name ORDER BY due.refresh_order), '{}') INTO v_due FROM due;
    UPDATE ops.report_refresh AS r SET skipped_count = r.skipped_count + 1
    WHERE NOT (r.report_name = ANY (v_due));
    COMMIT;
    -- A movement reads the flag after its INSERT took a transaction id, so
    -- every movement that read it before the clear committed is one of the
    -- transactions with an id running now; wait until none of those is. A
    -- transaction holds a lock on its own id until it ends, and one that
    -- wrote here holds a lock on a relation of this database (pg_locks is
    -- live and readable by any role, unlike pg_stat_activity's other
    -- sessions).
    SELECT coalesce(pg_catalog.array_agg(x.transactionid), '{}') INTO v_before
    FROM pg_catalog.pg_locks AS x
    WHERE x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
      AND x.pid <> pg_catalog.pg_backend_pid()
      AND x.pid IN (
          SELECT r.pid FROM pg_catalog.pg_locks AS r
          WHERE r.locktype = 'relation'
            AND r.database = (SELECT d.oid FROM pg_catalog.pg_database AS d WHERE d.datname = pg_catalog.current_database())
      );

    v_deadline := pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => refresh_reports.wait_seconds);
    LOOP
        EXIT WHEN pg_catalog.cardinality(v_due) = 0 OR NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_locks AS x
            WHERE x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
              AND x.transactionid = ANY (v_before)
        );
        IF pg_catalog.clock_timestamp() > v_deadline THEN
            -- A long transaction is still open: refresh anyway, and stay dirty
            -- so the next run looks again.
            v_settled := false;
            EXIT;
        END IF;
        PERFORM pg_catalog.pg_sleep(0.05);
    END LOOP;

    FOREACH v_report IN ARRAY v_due LOOP
        BEGIN
            v_started := pg_catalog.clock_timestamp();
            IF v_report = 'report.movement_daily' THEN
                v_rows := ops.refresh_movement_daily();
            ELSE
                EXECUTE pg_catalog.format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', v_report::regclass);
                v_rows := NULL;
            END IF;
            UPDATE ops.report_refresh AS r
            SET last_refreshed_at = v_started,
                last_duration_ms = pg_catalog.ceil(
                    EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() - v_started) * 1000
                )::integer,
                refresh_count = r.refresh_count + 1,
                dirty = r.dirty OR NOT v_settled
            WHERE r.report_name = v_report;
            v_done := v_done || pg_catalog.jsonb_build_object(
                'report', v_report, 'rows', v_rows,
                'ms', pg_catalog.round(EXTRACT(EPOCH FROM pg_catalog.clock_timestamp() - v_started) * 1000)
            );
        EXCEPTION WHEN OTHERS THEN
            v_failed := ops.failure_detail(SQLSTATE, v_report || ': ' || SQLERRM);
            UPDATE ops.report_refresh AS r SET dirty = true WHERE r.report_name = v_report;
        END;
        COMMIT;
        EXIT WHEN v_failed IS NOT NULL;
    END LOOP;

    PERFORM ops.finish_run(
        v_run,
        CASE WHEN v_failed IS NULL THEN 'ok' ELSE 'failed' END,
        coalesce(v_failed, '{}') || pg_catalog.jsonb_build_object(
            'refreshed', v_done, 'skipped', (
                SELECT coalesce(pg_catalog.jsonb_agg(r.report_name ORDER BY r.refresh_order), '[]')
                FROM ops.report_refresh AS r WHERE NOT (r.report_name = ANY (v_due))
            ),
            'settled', v_settled
        )
    );
    COMMIT;
    PERFORM pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended('ops.refresh_reports', 0));
END
$$;


--
-- Name: PROCEDURE refresh_reports(IN force boolean, IN wait_seconds integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.refresh_reports(IN force boolean, IN wait_seconds integer) IS 'Refreshes the summarised reports that are dirty (or not yet refreshed today, or all with force): report.movement_daily incrementally, the materialised views CONCURRENTLY so readers are never blocked. Clean reports are skipped at no cost. Records the run in ops.maintenance_run.';


--
-- Name: require_amount(numeric, text, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_amount(amount numeric, what text, detail text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF require_amount.amount > 9223372036854775807 THEN
        RAISE EXCEPTION '% is too large', require_amount.what
            USING ERRCODE = '22023',
                  DETAIL = format('%s; amounts in minor units are at most 9223372036854775807.', require_amount.detail),
                  HINT = 'Check the quantities and prices: one of them is far beyond any real order.';
    END IF;
    RETURN round(require_amount.amount)::bigint;
END
$$;


--
-- Name: FUNCTION require_amount(amount numeric, what text, detail text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_amount(amount numeric, what text, detail text) IS 'Returns amount rounded to a bigint when it fits one; 22023 naming what it is (a line or order total) otherwise.';


--
-- Name: require_clearable(text[], text[], jsonb); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_clearable(clear text[], clearable text[], given jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_field text;
BEGIN
    FOREACH v_field IN ARRAY coalesce(require_clearable.clear, '{}') LOOP
        IF v_field IS NULL OR NOT v_field = ANY (require_clearable.clearable) THEN
            RAISE EXCEPTION 'cannot clear %', coalesce(v_field, 'NULL')
                USING ERRCODE = '22023',
                      DETAIL = format('clear => %s.', require_clearable.clear),
                      HINT = format('Fields this call can clear: %s.',
                                    array_to_string(require_clearable.clearable, ', '));
        END IF;
        IF jsonb_typeof(require_clearable.given -> v_field) <> 'null' THEN
            RAISE EXCEPTION '% is both given and cleared', v_field
                USING ERRCODE = '22023',
                      DETAIL = format('%s => %s, and clear names it.', v_field, require_clearable.given -> v_field),
                      HINT = format('Pass a value for %s, or name it in clear, not both.', v_field);
        END IF;
    END LOOP;
END
$$;


--
-- Name: FUNCTION require_clearable(clear text[], clearable text[], given jsonb); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_clearable(clear text[], clearable text[], given jsonb) IS 'Checks the clear argument of an update call: every name is a field the call can empty, and none is also given a value; 22023 otherwise.';


--
-- Name: require_currency(text, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_currency(value text, argument text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
BEGIN
    IF require_currency.value !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION '% must be an ISO 4217 code', require_currency.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_currency.argument, ops.quoted_excerpt(require_currency.value)),
                  HINT = 'Pass three capital letters, such as ''EUR''.';
    END IF;
    RETURN require_currency.value;
END
$_$;


--
-- Name: FUNCTION require_currency(value text, argument text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_currency(value text, argument text) IS 'Returns value when it is NULL or three capital letters (an ISO 4217 code); 22023 naming the argument otherwise.';


--
-- Name: require_email(text, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_email(value text, argument text DEFAULT 'email'::text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
BEGIN
    IF require_email.value !~ '^[^@[:space:]]+@[^@[:space:]]+$' THEN
        RAISE EXCEPTION '% is malformed', require_email.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_email.argument, ops.quoted_excerpt(require_email.value)),
                  HINT = 'Pass name@domain, or NULL.';
    END IF;
    RETURN ops.require_length(require_email.value, require_email.argument, 320);
END
$_$;


--
-- Name: FUNCTION require_email(value text, argument text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_email(value text, argument text) IS 'Returns value when it is NULL or an email address (name@domain, at most 320 characters); 22023 naming the argument otherwise.';


--
-- Name: require_finite(numeric, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_finite(value numeric, argument text) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF require_finite.value = 'NaN' THEN
        RAISE EXCEPTION '% must be a number', require_finite.argument
            USING ERRCODE = '22023', DETAIL = format('%s => NaN.', require_finite.argument),
                  HINT = 'Pass a number (NaN is not one).';
    END IF;
    IF abs(require_finite.value) >= 100000000000 THEN
        RAISE EXCEPTION '% is too large', require_finite.argument
            USING ERRCODE = '22023', DETAIL = format('%s => %s.', require_finite.argument, require_finite.value),
                  HINT = 'Quantities have at most 11 digits before the point.';
    END IF;
    RETURN require_finite.value;
END
$$;


--
-- Name: FUNCTION require_finite(value numeric, argument text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_finite(value numeric, argument text) IS 'Returns value when it is NULL or a number a numeric(14,3) column holds; 22023 naming the argument for NaN, infinity or 12 digits or more before the point.';


--
-- Name: require_length(text, text, integer); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_length(value text, argument text, max_length integer) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF length(require_length.value) > require_length.max_length THEN
        RAISE EXCEPTION '% is too long', require_length.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_length.argument, ops.quoted_excerpt(require_length.value)),
                  HINT = format('Pass at most %s characters.', require_length.max_length);
    END IF;
    RETURN require_length.value;
END
$$;


--
-- Name: FUNCTION require_length(value text, argument text, max_length integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_length(value text, argument text, max_length integer) IS 'Returns value when it is NULL or at most max_length characters long; 22023 naming the argument otherwise.';


--
-- Name: require_shallow_json(jsonb, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_shallow_json(value jsonb, argument text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
BEGIN
    IF jsonb_path_exists(require_shallow_json.value, 'strict $.**{32}') THEN
        RAISE EXCEPTION '% is nested too deeply', require_shallow_json.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s holds a value 32 levels below its top.', require_shallow_json.argument),
                  HINT = 'Keep JSON arguments less than 32 levels deep.';
    END IF;
    RETURN require_shallow_json.value;
END
$_$;


--
-- Name: FUNCTION require_shallow_json(value jsonb, argument text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_shallow_json(value jsonb, argument text) IS 'Returns value when it is NULL or has nothing 32 levels below its top; 22023 naming the argument otherwise.';


--
-- Name: require_text(text, text, text, text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.require_text(value text, argument text, pattern text, hint text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF require_text.value IS NULL OR require_text.value !~ require_text.pattern THEN
        RAISE EXCEPTION '% is missing or malformed', require_text.argument
            USING ERRCODE = '22023',
                  DETAIL = format('%s => %s.', require_text.argument, ops.quoted_excerpt(require_text.value)),
                  HINT = require_text.hint;
    END IF;
    RETURN require_text.value;
END
$$;


--
-- Name: FUNCTION require_text(value text, argument text, pattern text, hint text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.require_text(value text, argument text, pattern text, hint text) IS 'Returns value when it matches pattern; 22023 naming the argument otherwise.';


--
-- Name: run_partition_maintenance(); Type: PROCEDURE; Schema: ops; Owner: -
--

CREATE PROCEDURE ops.run_partition_maintenance()
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_search_path text := pg_catalog.current_setting('search_path');
BEGIN
    PERFORM inventory.maintain_ledger_partitions();
    PERFORM pg_catalog.set_config('search_path', v_search_path, false);
END
$$;


--
-- Name: PROCEDURE run_partition_maintenance(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON PROCEDURE ops.run_partition_maintenance() IS 'Moves ledger rows that fell into the default partition into months made for them (inventory.adopt_default_ledger_rows), runs pg_partman''s maintenance for the ledger (creates the months ahead its premake asks for), then, when ops.ledger_retention sets keep_months, detaches every month that ended before the keep_months whole months before the current one (inventory.detach_ledger_months). Records the partition count before and after, each month detached and each adopted, in ops.maintenance_run. Leaves the caller''s search_path as it found it.';


--
-- Name: schedule_jobs(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.schedule_jobs() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_job record;
    v_scheduled integer := 0;
    -- A variable, so static checkers do not look for the schema where it does not exist.
    v_cron text := 'cron';
BEGIN
    IF NOT coalesce(ops.pg_cron_runs_here(), false) THEN
        RAISE NOTICE 'pg_cron does not run jobs in database %; run them with stockdb maintenance run', current_database()
            USING HINT = 'pg_cron runs jobs only in the database named by cron.database_name.';
        RETURN 0;
    END IF;
    FOR v_job IN SELECT j.job_name, j.schedule, j.command, j.enabled FROM ops.cron_job AS j ORDER BY j.job_name LOOP
        IF v_job.enabled THEN
            EXECUTE format('SELECT %I.schedule($1, $2, $3)', v_cron) USING 'stockdb-' || v_job.job_name, v_job.schedule, v_job.command;
            v_scheduled := v_scheduled + 1;
        END IF;
    END LOOP;
    -- Jobs switched off, or no longer listed, are taken off the schedule.
    EXECUTE format($sql$
        SELECT count(%1$I.unschedule(j.jobid)) FROM %1$I.job AS j
        WHERE j.jobname LIKE 'stockdb-%%' AND j.database = current_database()
          AND substr(j.jobname, 9) NOT IN (SELECT c.job_name FROM ops.cron_job AS c WHERE c.enabled)
    $sql$, v_cron);
    RETURN v_scheduled;
END
$_$;


--
-- Name: FUNCTION schedule_jobs(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.schedule_jobs() IS 'Registers every enabled ops.cron_job with pg_cron as stockdb-<job_name> (replacing a job of that name) and unschedules stockdb jobs that are disabled or gone; returns how many are scheduled. Does nothing outside the database pg_cron runs in.';


--
-- Name: set_ledger_retention(integer); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.set_ledger_retention(keep_months integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF set_ledger_retention.keep_months NOT BETWEEN 4 AND 1200 THEN
        RAISE EXCEPTION 'keep_months must be between 4 and 1200, or NULL to keep every month'
            USING ERRCODE = '22023',
                  DETAIL = format('ops.set_ledger_retention was called with keep_months => %s.',
                                  set_ledger_retention.keep_months),
                  HINT = 'Reports read the last 90 days of the ledger; keep at least four whole months.';
    END IF;
    UPDATE ops.ledger_retention AS r
    SET keep_months = set_ledger_retention.keep_months, updated_at = now()
    WHERE r.singleton;
END
$$;


--
-- Name: FUNCTION set_ledger_retention(keep_months integer); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.set_ledger_retention(keep_months integer) IS 'Sets how many whole months before the current one the ledger keeps attached (4 to 1200; NULL keeps every month, the default). ops.run_partition_maintenance detaches older months at its next run, carrying their sums into inventory.ledger_carry. Errors: 22023 out of range.';


--
-- Name: set_tenant_active(text, boolean); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.set_tenant_active(code text, active boolean) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '5s'
    AS $$
DECLARE
    v_tenant_id uuid;
BEGIN
    IF set_tenant_active.active IS NULL THEN
        RAISE EXCEPTION 'active must be true or false'
            USING ERRCODE = '22023', DETAIL = 'ops.set_tenant_active was called with active => NULL.',
                  HINT = 'Pass true to reactivate the tenant, false to suspend it.';
    END IF;
    UPDATE auth.tenant AS t SET active = set_tenant_active.active
    WHERE t.code = set_tenant_active.code
    RETURNING t.id INTO v_tenant_id;
    IF v_tenant_id IS NULL THEN
        RAISE EXCEPTION 'tenant % not found', coalesce(set_tenant_active.code, 'NULL')
            USING ERRCODE = 'SD404', DETAIL = 'No row of auth.tenant has this code.',
                  HINT = 'List the tenants with stockdb tenant list.';
    END IF;
    RETURN v_tenant_id;
END
$$;


--
-- Name: FUNCTION set_tenant_active(code text, active boolean); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.set_tenant_active(code text, active boolean) IS 'Suspends (false) or reactivates (true) the tenant with this code and returns its id; an inactive tenant''s calls fail at api.set_context with 42501. Errors: 22023 active NULL, SD404 unknown code.';


--
-- Name: start_run(text); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.start_run(job_name text) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_id bigint;
BEGIN
    DELETE FROM ops.maintenance_run AS r
    WHERE r.job_name = start_run.job_name AND r.started_at < now() - interval '90 days';
    INSERT INTO ops.maintenance_run (job_name) VALUES (start_run.job_name) RETURNING id INTO v_id;
    RETURN v_id;
END
$$;


--
-- Name: FUNCTION start_run(job_name text); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.start_run(job_name text) IS 'Records the start of a maintenance run (status running) and returns its id for ops.finish_run; forgets runs of the same job older than 90 days.';


--
-- Name: tg__check_status_transition(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.tg__check_status_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_document_type text := TG_ARGV[0];
    v_from text := OLD.status::text;
    v_to text := NEW.status::text;
BEGIN
    IF NOT EXISTS (
        SELECT 1
        FROM ops.status_transition AS st
        WHERE st.document_type = v_document_type
          AND st.from_status = v_from
          AND st.to_status = v_to
    ) THEN
        RAISE EXCEPTION '% % cannot go from % to %', v_document_type, OLD.id, v_from, v_to
            USING ERRCODE = 'SD003',
                  DETAIL = format(
                      'Allowed from %s: %s.', v_from,
                      coalesce((
                          SELECT string_agg(st.to_status, ', ' ORDER BY st.to_status)
                          FROM ops.status_transition AS st
                          WHERE st.document_type = v_document_type AND st.from_status = v_from
                      ), 'nothing (final status)')
                  ),
                  HINT = 'Check the document''s current status; ops.status_transition lists every allowed change.';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg__check_status_transition(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.tg__check_status_transition() IS 'BEFORE UPDATE OF status trigger (argument: document type): refuses with SD003 any change not listed in ops.status_transition.';


--
-- Name: tg__check_version(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.tg__check_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- A writer that does not mention version leaves NEW.version = OLD.version
    -- and is not checked; one that names a version must name the current one.
    IF NEW.version <> OLD.version THEN
        RAISE EXCEPTION '% % was changed by someone else', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'SD004',
                  DETAIL = format('Expected version %s, the row is at version %s.', NEW.version, OLD.version),
                  HINT = 'Read the row again and retry with its current version.';
    END IF;
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg__check_version(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.tg__check_version() IS 'BEFORE UPDATE trigger: refuses a stale version with SD004 and bumps version on every change.';


--
-- Name: tg__mark_reports_dirty(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.tg__mark_reports_dirty() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE ops.report_refresh AS r SET dirty = true
    WHERE r.report_name = ANY (TG_ARGV) AND NOT r.dirty;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg__mark_reports_dirty(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.tg__mark_reports_dirty() IS 'Statement trigger: marks the reports named by the trigger''s arguments dirty in ops.report_refresh.';


--
-- Name: tg__touch(); Type: FUNCTION; Schema: ops; Owner: -
--

CREATE FUNCTION ops.tg__touch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- Never back in time: a transaction that began before the last change
    -- (or before the row was made) still changes it after them.
    NEW.updated_at := greatest(now(), OLD.updated_at);
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg__touch(); Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON FUNCTION ops.tg__touch() IS 'BEFORE UPDATE trigger: sets updated_at to the transaction''s time on every update, or keeps it where it is later (a transaction older than the last change).';


--
-- Name: purchase_order_item; Type: TABLE; Schema: procurement; Owner: -
--

CREATE TABLE procurement.purchase_order_item (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    purchase_order_id uuid NOT NULL,
    product_id uuid NOT NULL,
    quantity_ordered numeric(14,3) NOT NULL,
    quantity_received numeric(14,3) DEFAULT 0 NOT NULL,
    unit_cost_minor bigint NOT NULL,
    line_total_minor bigint GENERATED ALWAYS AS ((round((quantity_ordered * (unit_cost_minor)::numeric)))::bigint) STORED,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT purchase_order_item_quantity_ordered_check CHECK ((quantity_ordered > (0)::numeric)),
    CONSTRAINT purchase_order_item_quantity_received_check CHECK (((quantity_received >= (0)::numeric) AND (quantity_received <= quantity_ordered))),
    CONSTRAINT purchase_order_item_unit_cost_check CHECK ((unit_cost_minor >= 0))
);

ALTER TABLE ONLY procurement.purchase_order_item FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE purchase_order_item; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON TABLE procurement.purchase_order_item IS 'A line of a purchase order; received in one or more parts.';


--
-- Name: COLUMN purchase_order_item.line_total_minor; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON COLUMN procurement.purchase_order_item.line_total_minor IS 'quantity_ordered × unit_cost_minor, rounded to the minor unit.';


--
-- Name: lock_draft_line(uuid, uuid, integer, text); Type: FUNCTION; Schema: procurement; Owner: -
--

CREATE FUNCTION procurement.lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text) RETURNS procurement.purchase_order_item
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_order_id uuid;
    v_order procurement.purchase_order;
    v_item procurement.purchase_order_item;
BEGIN
    SELECT i.purchase_order_id INTO v_order_id
    FROM procurement.purchase_order_item AS i
    WHERE i.tenant_id = lock_draft_line.tenant_id AND i.id = lock_draft_line.item_id;
    IF FOUND THEN
        v_order := procurement.lock_purchase_order(lock_draft_line.tenant_id, v_order_id, lock_draft_line.version);
        IF v_order.status <> 'draft' THEN
            RAISE EXCEPTION 'purchase order % is %: lines can be % on a draft only',
                v_order.number, v_order.status, lock_draft_line.action
                USING ERRCODE = 'SD003',
                      HINT = 'Cancel the order and place a new one, or receive what comes and cancel the rest.';
        END IF;
        SELECT i.* INTO v_item
        FROM procurement.purchase_order_item AS i
        WHERE i.tenant_id = lock_draft_line.tenant_id AND i.id = lock_draft_line.item_id
        FOR UPDATE;
    END IF;
    IF v_item.id IS NULL THEN
        RAISE EXCEPTION 'purchase order line % not found', lock_draft_line.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No purchase order line with this id belongs to the calling tenant.',
                  HINT = 'Read the lines from report.purchase_order_lines (purchase_order_item_id).';
    END IF;
    RETURN v_item;
END
$$;


--
-- Name: FUNCTION lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text); Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON FUNCTION procurement.lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text) IS 'The tenant''s purchase order line, locked FOR UPDATE with its order (at the caller''s version); SD404 unknown line, 22023/SD004 missing or stale version, SD003 order not a draft (the message says what could not be done).';


--
-- Name: purchase_order; Type: TABLE; Schema: procurement; Owner: -
--

CREATE TABLE procurement.purchase_order (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    number text NOT NULL,
    supplier_id uuid NOT NULL,
    status procurement.po_status DEFAULT 'draft'::procurement.po_status NOT NULL,
    currency character(3) NOT NULL,
    total_minor bigint DEFAULT 0 NOT NULL,
    notes text,
    ordered_at timestamp with time zone,
    expected_at timestamp with time zone,
    received_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    created_by uuid,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT purchase_order_cancelled_status_check CHECK (((status = 'cancelled'::procurement.po_status) = (cancelled_at IS NOT NULL))),
    CONSTRAINT purchase_order_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT purchase_order_expected_at_check CHECK ((expected_at >= ordered_at)),
    CONSTRAINT purchase_order_expected_at_finite_check CHECK (isfinite(expected_at)),
    CONSTRAINT purchase_order_number_check CHECK (((length(number) <= 40) AND (number ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT purchase_order_ordered_at_check CHECK ((ordered_at >= created_at)),
    CONSTRAINT purchase_order_ordered_status_check CHECK ((((status = 'draft'::procurement.po_status) = (ordered_at IS NULL)) OR (status = 'cancelled'::procurement.po_status))),
    CONSTRAINT purchase_order_received_at_check CHECK ((received_at >= ordered_at)),
    CONSTRAINT purchase_order_received_status_check CHECK (((status = 'received'::procurement.po_status) = (received_at IS NOT NULL))),
    CONSTRAINT purchase_order_total_check CHECK ((total_minor >= 0)),
    CONSTRAINT purchase_order_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY procurement.purchase_order FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE purchase_order; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON TABLE procurement.purchase_order IS 'An order to a supplier; total_minor is kept equal to the sum of its lines by trigger.';


--
-- Name: COLUMN purchase_order.total_minor; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON COLUMN procurement.purchase_order.total_minor IS 'Sum of line totals, in minor units of currency.';


--
-- Name: COLUMN purchase_order.expected_at; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON COLUMN procurement.purchase_order.expected_at IS 'When the supplier promised delivery.';


--
-- Name: lock_purchase_order(uuid, uuid, integer); Type: FUNCTION; Schema: procurement; Owner: -
--

CREATE FUNCTION procurement.lock_purchase_order(tenant_id uuid, order_id uuid, version integer) RETURNS procurement.purchase_order
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_order procurement.purchase_order;
BEGIN
    SELECT po.* INTO v_order
    FROM procurement.purchase_order AS po
    WHERE po.tenant_id = lock_purchase_order.tenant_id AND po.id = lock_purchase_order.order_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'purchase order % not found', lock_purchase_order.order_id
            USING ERRCODE = 'SD404', DETAIL = 'No purchase order with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.create_purchase_order.';
    END IF;
    PERFORM ops.check_version('purchase_order', v_order.id, lock_purchase_order.version, v_order.version);
    RETURN v_order;
END
$$;


--
-- Name: FUNCTION lock_purchase_order(tenant_id uuid, order_id uuid, version integer); Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON FUNCTION procurement.lock_purchase_order(tenant_id uuid, order_id uuid, version integer) IS 'Locks the tenant''s purchase order FOR UPDATE; SD404 unknown, 22023/SD004 missing or stale version.';


--
-- Name: supplier; Type: TABLE; Schema: procurement; Owner: -
--

CREATE TABLE procurement.supplier (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    email text,
    phone text,
    address jsonb DEFAULT '{}'::jsonb NOT NULL,
    lead_time_days integer,
    active boolean DEFAULT true NOT NULL,
    deleted_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT supplier_address_check CHECK ((jsonb_typeof(address) = 'object'::text)),
    CONSTRAINT supplier_address_depth_check CHECK ((NOT jsonb_path_exists(address, 'strict $.**{32}'::jsonpath))),
    CONSTRAINT supplier_code_check CHECK (((length(code) <= 32) AND (code ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT supplier_email_check CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)),
    CONSTRAINT supplier_email_length_check CHECK ((length(email) <= 320)),
    CONSTRAINT supplier_lead_time_days_check CHECK (((lead_time_days >= 0) AND (lead_time_days <= 3650))),
    CONSTRAINT supplier_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT supplier_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY procurement.supplier FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE supplier; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON TABLE procurement.supplier IS 'Who a tenant buys from; soft-deleted with deleted_at.';


--
-- Name: COLUMN supplier.lead_time_days; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON COLUMN procurement.supplier.lead_time_days IS 'Typical days from order to receipt; a product''s own lead time wins when set.';


--
-- Name: require_supplier(uuid, uuid); Type: FUNCTION; Schema: procurement; Owner: -
--

CREATE FUNCTION procurement.require_supplier(tenant_id uuid, supplier_id uuid) RETURNS procurement.supplier
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_supplier procurement.supplier;
BEGIN
    SELECT s.* INTO v_supplier
    FROM procurement.supplier AS s
    WHERE s.tenant_id = require_supplier.tenant_id AND s.id = require_supplier.supplier_id
      AND s.deleted_at IS NULL
    FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supplier % not found', require_supplier.supplier_id
            USING ERRCODE = 'SD404', DETAIL = 'No live supplier with this id belongs to the calling tenant.',
                  HINT = 'Check the supplier id, or create the supplier first (api.create_supplier).';
    END IF;
    RETURN v_supplier;
END
$$;


--
-- Name: FUNCTION require_supplier(tenant_id uuid, supplier_id uuid); Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON FUNCTION procurement.require_supplier(tenant_id uuid, supplier_id uuid) IS 'The tenant''s live (not deleted) supplier with this id, its row held FOR KEY SHARE (api.delete_supplier waits for the order being made to it); SD404 otherwise.';


--
-- Name: tg_purchase_order_item__total(); Type: FUNCTION; Schema: procurement; Owner: -
--

CREATE FUNCTION procurement.tg_purchase_order_item__total() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE procurement.purchase_order AS po
        SET total_minor = po.total_minor - OLD.line_total_minor
        WHERE po.tenant_id = OLD.tenant_id AND po.id = OLD.purchase_order_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE procurement.purchase_order AS po
        SET total_minor = po.total_minor + NEW.line_total_minor
        WHERE po.tenant_id = NEW.tenant_id AND po.id = NEW.purchase_order_id;
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_purchase_order_item__total(); Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON FUNCTION procurement.tg_purchase_order_item__total() IS 'AFTER trigger on purchase_order_item: keeps purchase_order.total_minor equal to the sum of line totals.';


--
-- Name: inventory; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.inventory (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    product_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    on_hand numeric(14,3) DEFAULT 0 NOT NULL,
    reserved numeric(14,3) DEFAULT 0 NOT NULL,
    available numeric(14,3) GENERATED ALWAYS AS ((on_hand - reserved)) STORED,
    version integer DEFAULT 1 NOT NULL,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT inventory_on_hand_nonnegative CHECK ((on_hand >= (0)::numeric)),
    CONSTRAINT inventory_reserved_le_on_hand_check CHECK ((reserved <= on_hand)),
    CONSTRAINT inventory_reserved_nonnegative CHECK ((reserved >= (0)::numeric)),
    CONSTRAINT inventory_version_check CHECK ((version > 0))
)
WITH (fillfactor='50');

ALTER TABLE ONLY inventory.inventory FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE inventory; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.inventory IS 'Balance of one product batch at one location; always equal to the sum of its ledger rows.';


--
-- Name: COLUMN inventory.batch_id; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.inventory.batch_id IS 'NULL for products not tracked by batch.';


--
-- Name: COLUMN inventory.reserved; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.inventory.reserved IS 'Held by active reservations; never more than on_hand.';


--
-- Name: COLUMN inventory.available; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.inventory.available IS 'on_hand - reserved: what can still be promised.';


--
-- Name: COLUMN inventory.deleted_at; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.inventory.deleted_at IS 'Set when an emptied balance row is retired; live rows have NULL.';


--
-- Name: location; Type: TABLE; Schema: warehouse; Owner: -
--

CREATE TABLE warehouse.location (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    warehouse_id uuid NOT NULL,
    code text NOT NULL,
    kind warehouse.location_kind DEFAULT 'storage'::warehouse.location_kind NOT NULL,
    capacity numeric(14,3),
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT location_capacity_check CHECK ((capacity > (0)::numeric)),
    CONSTRAINT location_capacity_number_check CHECK ((capacity <> 'NaN'::numeric)),
    CONSTRAINT location_code_check CHECK (((length(code) <= 32) AND (code ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT location_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY warehouse.location FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE location; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON TABLE warehouse.location IS 'A bin, shelf or area inside a warehouse.';


--
-- Name: COLUMN location.capacity; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON COLUMN warehouse.location.capacity IS 'Optional upper bound on what it holds, in the products'' units.';


--
-- Name: batch_expiry; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.batch_expiry WITH (security_barrier='true') AS
 SELECT i.tenant_id,
    b.id AS batch_id,
    b.batch_number,
    i.product_id,
    p.sku,
    l.warehouse_id,
    w.code AS warehouse_code,
    b.expiry_date,
    (b.expiry_date - ((now() AT TIME ZONE w.timezone))::date) AS days_to_expiry,
    sum(i.on_hand) AS on_hand,
    sum(i.reserved) AS reserved,
    sum(i.available) AS available
   FROM ((((inventory.inventory i
     JOIN catalog.product_batch b ON (((i.tenant_id = b.tenant_id) AND (i.batch_id = b.id))))
     JOIN catalog.product p ON (((i.tenant_id = p.tenant_id) AND (i.product_id = p.id))))
     JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
     JOIN warehouse.warehouse w ON (((l.tenant_id = w.tenant_id) AND (l.warehouse_id = w.id))))
  WHERE ((i.deleted_at IS NULL) AND (i.on_hand > (0)::numeric) AND (b.expiry_date IS NOT NULL))
  GROUP BY i.tenant_id, b.id, b.batch_number, i.product_id, p.sku, l.warehouse_id, w.code, w.timezone, b.expiry_date;


--
-- Name: VIEW batch_expiry; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.batch_expiry IS 'Batches with stock on hand and an expiry date, per warehouse: days_to_expiry counts from today in the warehouse''s time zone (negative once expired). Ask report.expiring_batches(horizon_days) for a horizon.';


--
-- Name: expiring_batches(integer); Type: FUNCTION; Schema: report; Owner: -
--

CREATE FUNCTION report.expiring_batches(horizon_days integer DEFAULT 30) RETURNS SETOF report.batch_expiry
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF expiring_batches.horizon_days IS NULL OR expiring_batches.horizon_days < 0 THEN
        RAISE EXCEPTION 'horizon_days must be zero or more'
            USING ERRCODE = '22023',
                  DETAIL = format('report.expiring_batches was called with horizon_days => %s.',
                                  coalesce(expiring_batches.horizon_days::text, 'NULL')),
                  HINT = 'Pass how many days ahead to look, such as 30.';
    END IF;
    RETURN QUERY
    SELECT e.* FROM report.batch_expiry AS e
    WHERE e.days_to_expiry <= expiring_batches.horizon_days
    ORDER BY e.expiry_date, e.sku, e.batch_number, e.warehouse_code;
END
$$;


--
-- Name: FUNCTION expiring_batches(horizon_days integer); Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON FUNCTION report.expiring_batches(horizon_days integer) IS 'Stock expiring within horizon_days (already expired included), soonest first; 22023 for a negative horizon.';


--
-- Name: stock_movement; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.stock_movement (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    movement_type inventory.stock_movement_type NOT NULL,
    product_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    reference_type text,
    reference_id uuid,
    reason text,
    idempotency_key text,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT stock_movement_reference_check CHECK (((reference_type IS NULL) = (reference_id IS NULL)))
)
PARTITION BY RANGE (occurred_at);

ALTER TABLE ONLY inventory.stock_movement FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE stock_movement; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.stock_movement IS 'The ledger: every change of a balance, append-only, partitioned by month on occurred_at. Its key is (tenant_id, occurred_at, id) because a partitioned table''s keys must hold the partition key; nothing references a movement by foreign key.';


--
-- Name: COLUMN stock_movement.quantity; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.stock_movement.quantity IS 'Signed by type: + for purchase_receipt, transfer_in, returned, release; - for sale_issue, transfer_out, consumption, reservation; either for adjustment. reservation and release change reserved (available), the others on_hand.';


--
-- Name: COLUMN stock_movement.reference_type; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.stock_movement.reference_type IS 'The document that caused the movement (purchase_order_item, sales_order, transfer, count, …).';


--
-- Name: COLUMN stock_movement.idempotency_key; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.stock_movement.idempotency_key IS 'The key of the api call that posted it; uniqueness lives in inventory.movement_request.';


--
-- Name: stock_movements; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.stock_movements WITH (security_barrier='true') AS
 SELECT m.tenant_id,
    m.id AS movement_id,
    m.occurred_at,
    m.movement_type,
    m.product_id,
    p.sku,
    m.batch_id,
    b.batch_number,
    m.location_id,
    l.code AS location_code,
    l.warehouse_id,
    w.code AS warehouse_code,
    m.quantity,
    m.reference_type,
    m.reference_id,
    m.reason,
    m.idempotency_key,
    m.created_by,
    m.created_at
   FROM ((((inventory.stock_movement m
     JOIN catalog.product p ON (((m.tenant_id = p.tenant_id) AND (m.product_id = p.id))))
     JOIN warehouse.location l ON (((m.tenant_id = l.tenant_id) AND (m.location_id = l.id))))
     JOIN warehouse.warehouse w ON (((l.tenant_id = w.tenant_id) AND (l.warehouse_id = w.id))))
     LEFT JOIN catalog.product_batch b ON (((m.tenant_id = b.tenant_id) AND (m.batch_id = b.id))));


--
-- Name: VIEW stock_movements; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.stock_movements IS 'Every ledger row of the calling tenant: when, which type, product, batch, location and warehouse, the signed quantity, the document it belongs to (reference_type, reference_id), reason, idempotency key and user. Filter by product_id or location_id with a range of occurred_at, or by reference_type and reference_id: those are indexed. A movement_id alone is not: ask report.stock_movement(movement_id).';


--
-- Name: stock_movement(uuid); Type: FUNCTION; Schema: report; Owner: -
--

CREATE FUNCTION report.stock_movement(movement_id uuid) RETURNS SETOF report.stock_movements
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    -- When the id was made: a version-7 uuid's first 48 bits are Unix
    -- milliseconds. NULL for another version.
    v_made timestamptz := CASE WHEN substr(stock_movement.movement_id::text, 15, 1) = '7' THEN
        to_timestamp(
            ('x' || lpad(replace(left(stock_movement.movement_id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint
            / 1000.0
        )
    END;
BEGIN
    IF v_made IS NOT NULL THEN
        RETURN QUERY
        SELECT m.* FROM report.stock_movements AS m
        WHERE m.movement_id = stock_movement.movement_id
          AND m.occurred_at >= v_made - interval '1 hour' AND m.occurred_at < v_made + interval '1 minute';
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
    SELECT m.* FROM report.stock_movements AS m
    WHERE m.movement_id = stock_movement.movement_id
      AND (v_made IS NULL OR m.occurred_at < v_made - interval '1 hour' OR m.occurred_at >= v_made + interval '1 minute');
END
$$;


--
-- Name: FUNCTION stock_movement(movement_id uuid); Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON FUNCTION report.stock_movement(movement_id uuid) IS 'The movement with this id (none if it is not the calling tenant''s), read through the ledger''s key near the time the id was made rather than from every month.';


--
-- Name: canonical_lines(jsonb); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.canonical_lines(lines jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT CASE WHEN jsonb_typeof(canonical_lines.lines) = 'array' THEN (
        SELECT coalesce(jsonb_agg(
            CASE WHEN jsonb_typeof(l.line) = 'object' THEN (
                SELECT coalesce(jsonb_object_agg(
                    f.key,
                    CASE WHEN jsonb_typeof(f.value) = 'number' THEN to_jsonb(trim_scale(f.value::numeric)) ELSE f.value END
                ), '{}')
                FROM jsonb_each(l.line) AS f
            ) ELSE l.line END
            ORDER BY l.n
        ), '[]')
        FROM jsonb_array_elements(canonical_lines.lines) WITH ORDINALITY AS l (line, n)
    ) ELSE canonical_lines.lines END
$$;


--
-- Name: FUNCTION canonical_lines(lines jsonb); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.canonical_lines(lines jsonb) IS 'The lines with every number of each line object written without trailing zeros (1.0 as 1), as api.create_sales_order''s idempotency key compares them; anything but an array is returned as it is.';


--
-- Name: line_price(catalog.product, text, bigint, text); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.line_price(product catalog.product, currency text, unit_price_minor bigint, label text) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF line_price.unit_price_minor IS NOT NULL THEN
        IF line_price.unit_price_minor < 0 THEN
            RAISE EXCEPTION '% unit_price_minor must be zero or more', line_price.label
                USING ERRCODE = '22023', DETAIL = format('unit_price_minor => %s.', line_price.unit_price_minor),
                      HINT = 'Prices are in minor units (cents).';
        END IF;
        RETURN line_price.unit_price_minor;
    END IF;
    IF (line_price.product).unit_price_minor IS NOT NULL AND (line_price.product).currency = line_price.currency THEN
        RETURN (line_price.product).unit_price_minor;
    END IF;
    RAISE EXCEPTION '% has no price', line_price.label
        USING ERRCODE = '22023',
              DETAIL = format('Product %s has no list price in %s.', (line_price.product).sku, line_price.currency),
              HINT = 'Pass unit_price_minor on the line.';
END
$$;


--
-- Name: FUNCTION line_price(product catalog.product, currency text, unit_price_minor bigint, label text); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.line_price(product catalog.product, currency text, unit_price_minor bigint, label text) IS 'A sales order line''s unit price: unit_price_minor when given (22023 below zero), else the product''s list price in the order''s currency (22023 when it has none); label names the line in the message.';


--
-- Name: sales_order_item; Type: TABLE; Schema: sales; Owner: -
--

CREATE TABLE sales.sales_order_item (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    sales_order_id uuid NOT NULL,
    product_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    unit_price_minor bigint NOT NULL,
    line_total_minor bigint GENERATED ALWAYS AS ((round((quantity * (unit_price_minor)::numeric)))::bigint) STORED,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    reservation_id uuid,
    CONSTRAINT sales_order_item_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT sales_order_item_unit_price_check CHECK ((unit_price_minor >= 0))
);

ALTER TABLE ONLY sales.sales_order_item FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE sales_order_item; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON TABLE sales.sales_order_item IS 'A line of a sales order.';


--
-- Name: COLUMN sales_order_item.line_total_minor; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON COLUMN sales.sales_order_item.line_total_minor IS 'quantity × unit_price_minor, rounded to the minor unit.';


--
-- Name: COLUMN sales_order_item.reservation_id; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON COLUMN sales.sales_order_item.reservation_id IS 'The reservation holding this line''s stock, set by api.reserve_sales_order.';


--
-- Name: lock_open_line(uuid, uuid, integer, text); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.lock_open_line(tenant_id uuid, item_id uuid, version integer, action text) RETURNS sales.sales_order_item
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_order_id uuid;
    v_item sales.sales_order_item;
BEGIN
    SELECT i.sales_order_id INTO v_order_id
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = lock_open_line.tenant_id AND i.id = lock_open_line.item_id;
    IF FOUND THEN
        PERFORM sales.lock_open_order(lock_open_line.tenant_id, v_order_id, lock_open_line.version, lock_open_line.action);
        SELECT i.* INTO v_item
        FROM sales.sales_order_item AS i
        WHERE i.tenant_id = lock_open_line.tenant_id AND i.id = lock_open_line.item_id
        FOR UPDATE;
    END IF;
    IF v_item.id IS NULL THEN
        RAISE EXCEPTION 'sales order line % not found', lock_open_line.item_id
            USING ERRCODE = 'SD404', DETAIL = 'No sales order line with this id belongs to the calling tenant.',
                  HINT = 'Read the lines from report.sales_order_lines (sales_order_item_id).';
    END IF;
    RETURN v_item;
END
$$;


--
-- Name: FUNCTION lock_open_line(tenant_id uuid, item_id uuid, version integer, action text); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.lock_open_line(tenant_id uuid, item_id uuid, version integer, action text) IS 'The tenant''s sales order line, locked FOR UPDATE with its order (sales.lock_open_order: at the caller''s version, an approved order sent back to pending); SD404 unknown line, 22023/SD004 missing or stale version, SD003 order reserved or further on.';


--
-- Name: sales_order; Type: TABLE; Schema: sales; Owner: -
--

CREATE TABLE sales.sales_order (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    number text NOT NULL,
    customer_id uuid NOT NULL,
    status sales.order_status DEFAULT 'pending'::sales.order_status NOT NULL,
    currency character(3) NOT NULL,
    subtotal_minor bigint DEFAULT 0 NOT NULL,
    shipping_minor bigint DEFAULT 0 NOT NULL,
    tax_minor bigint DEFAULT 0 NOT NULL,
    total_minor bigint DEFAULT 0 NOT NULL,
    shipping_address jsonb DEFAULT '{}'::jsonb NOT NULL,
    approved_at timestamp with time zone,
    shipped_at timestamp with time zone,
    closed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    cancel_reason text,
    created_by uuid,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    split_from_id uuid,
    CONSTRAINT sales_order_amounts_check CHECK (((subtotal_minor >= 0) AND (shipping_minor >= 0) AND (tax_minor >= 0))),
    CONSTRAINT sales_order_approved_at_check CHECK ((approved_at >= created_at)),
    CONSTRAINT sales_order_cancelled_check CHECK ((((status = 'cancelled'::sales.order_status) = (cancelled_at IS NOT NULL)) AND ((cancel_reason IS NULL) OR (cancelled_at IS NOT NULL)))),
    CONSTRAINT sales_order_closed_at_check CHECK ((closed_at >= shipped_at)),
    CONSTRAINT sales_order_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT sales_order_number_check CHECK (((length(number) <= 40) AND (number ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT sales_order_shipped_at_check CHECK (((shipped_at IS NULL) OR ((approved_at IS NOT NULL) AND (shipped_at >= approved_at)))),
    CONSTRAINT sales_order_shipping_address_check CHECK ((jsonb_typeof(shipping_address) = 'object'::text)),
    CONSTRAINT sales_order_shipping_address_depth_check CHECK ((NOT jsonb_path_exists(shipping_address, 'strict $.**{32}'::jsonpath))),
    CONSTRAINT sales_order_total_check CHECK ((total_minor = ((subtotal_minor + shipping_minor) + tax_minor))),
    CONSTRAINT sales_order_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY sales.sales_order FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE sales_order; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON TABLE sales.sales_order IS 'An order from a customer; subtotal_minor is kept equal to the sum of its lines by trigger, and total_minor = subtotal + shipping + tax is a CHECK.';


--
-- Name: COLUMN sales_order.split_from_id; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON COLUMN sales.sales_order.split_from_id IS 'The order this one was split from (api.split_sales_order): a backorder names its original.';


--
-- Name: lock_open_order(uuid, uuid, integer, text); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.lock_open_order(tenant_id uuid, order_id uuid, version integer, action text) RETURNS sales.sales_order
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_order sales.sales_order;
BEGIN
    v_order := sales.lock_sales_order(lock_open_order.tenant_id, lock_open_order.order_id, lock_open_order.version);
    IF v_order.status NOT IN ('pending', 'approved') THEN
        RAISE EXCEPTION 'sales order % is %: % while it is pending or approved only',
            v_order.number, v_order.status, lock_open_order.action
            USING ERRCODE = 'SD003',
                  DETAIL = 'Once reserved, an order ships as it was approved.',
                  HINT = 'Cancel the order (its reservations are released) and create one with the lines wanted.';
    END IF;
    IF v_order.status = 'approved' THEN
        UPDATE sales.sales_order AS so SET status = 'pending', approved_at = NULL
        WHERE so.tenant_id = lock_open_order.tenant_id AND so.id = v_order.id
        RETURNING so.* INTO v_order;
    END IF;
    RETURN v_order;
END
$$;


--
-- Name: FUNCTION lock_open_order(tenant_id uuid, order_id uuid, version integer, action text); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.lock_open_order(tenant_id uuid, order_id uuid, version integer, action text) IS 'The tenant''s sales order, locked FOR UPDATE at the caller''s version, for a change of its lines: pending, or approved (then sent back to pending, to be approved again); SD404 unknown, 22023/SD004 missing or stale version, SD003 any other status (action, such as ''lines can be added'', says what could not be done).';


--
-- Name: lock_sales_order(uuid, uuid, integer, boolean); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean DEFAULT true) RETURNS sales.sales_order
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_order sales.sales_order;
BEGIN
    SELECT so.* INTO v_order
    FROM sales.sales_order AS so
    WHERE so.tenant_id = lock_sales_order.tenant_id AND so.id = lock_sales_order.order_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sales order % not found', lock_sales_order.order_id
            USING ERRCODE = 'SD404', DETAIL = 'No sales order with this id belongs to the calling tenant.',
                  HINT = 'Check the id returned by api.create_sales_order.';
    END IF;
    IF lock_sales_order.check_version THEN
        PERFORM ops.check_version('sales_order', v_order.id, lock_sales_order.version, v_order.version);
    END IF;
    RETURN v_order;
END
$$;


--
-- Name: FUNCTION lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean) IS 'Locks the tenant''s sales order FOR UPDATE; SD404 unknown, 22023/SD004 missing or stale version when checked.';


--
-- Name: order_stock_scope(uuid, uuid, uuid); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid DEFAULT NULL::uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT coalesce(array_agg(DISTINCT i.product_id), '{}') INTO product_ids
    FROM sales.sales_order_item AS i
    WHERE i.tenant_id = order_stock_scope.tenant_id AND i.sales_order_id = order_stock_scope.order_id;
    IF order_stock_scope.warehouse_id IS NOT NULL THEN
        warehouse_ids := ARRAY[order_stock_scope.warehouse_id];
        RETURN;
    END IF;
    SELECT coalesce(array_agg(DISTINCT r.warehouse_id), '{}') INTO warehouse_ids
    FROM sales.sales_order_item AS i
    JOIN inventory.reservation AS r ON r.tenant_id = i.tenant_id AND r.id = i.reservation_id
    WHERE i.tenant_id = order_stock_scope.tenant_id AND i.sales_order_id = order_stock_scope.order_id;
END
$$;


--
-- Name: FUNCTION order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]) IS 'The products of a sales order and the warehouses its reservations are in (or the given one): what inventory.lock_stock must cover before the order is changed.';


--
-- Name: release_order_reservations(uuid, uuid); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.release_order_reservations(tenant_id uuid, order_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_reservation_id uuid;
BEGIN
    FOR v_reservation_id IN
        SELECT r.id
        FROM sales.sales_order_item AS i
        INNER JOIN inventory.reservation AS r ON i.tenant_id = r.tenant_id AND i.reservation_id = r.id
        WHERE i.tenant_id = release_order_reservations.tenant_id
          AND i.sales_order_id = release_order_reservations.order_id AND r.status = 'active'
        ORDER BY r.id
    LOOP
        PERFORM inventory.close_reservation(release_order_reservations.tenant_id, v_reservation_id, 'released');
    END LOOP;
END
$$;


--
-- Name: FUNCTION release_order_reservations(tenant_id uuid, order_id uuid); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.release_order_reservations(tenant_id uuid, order_id uuid) IS 'Releases the active reservations of a sales order''s lines (release movements), in id order.';


--
-- Name: require_unordered_reservation(uuid, uuid, text); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_number text;
BEGIN
    SELECT so.number INTO v_number
    FROM sales.sales_order_item AS i
    JOIN sales.sales_order AS so ON so.tenant_id = i.tenant_id AND so.id = i.sales_order_id
    WHERE i.tenant_id = require_unordered_reservation.tenant_id
      AND i.reservation_id = require_unordered_reservation.reservation_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'reservation % belongs to sales order %', require_unordered_reservation.reservation_id, v_number
            USING ERRCODE = '22023',
                  DETAIL = format('api.reserve_sales_order made it for a line of %s; it cannot be %s on its own.',
                                  v_number, require_unordered_reservation.action),
                  HINT = 'Ship the order (api.ship_sales_order) or cancel it (api.cancel_sales_order): '
                         'each settles all of its reservations.';
    END IF;
END
$$;


--
-- Name: FUNCTION require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text) IS 'Nothing when no sales order line holds the reservation; 22023 naming the order otherwise (its reservations are released and fulfilled through the order).';


--
-- Name: tg_sales_order__cancel_shipped(); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.tg_sales_order__cancel_shipped() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_shipment record;
BEGIN
    -- One not cancelled, if there is one.
    SELECT sh.id, sh.status INTO v_shipment
    FROM logistics.shipment AS sh
    WHERE sh.tenant_id = NEW.tenant_id AND sh.sales_order_id = NEW.id
    ORDER BY sh.status = 'cancelled', sh.id
    LIMIT 1;
    IF v_shipment.status IS DISTINCT FROM 'cancelled' THEN
        RAISE EXCEPTION 'sales_order % cannot go from shipped to cancelled', NEW.id
            USING ERRCODE = 'SD003',
                  DETAIL = CASE
                      WHEN v_shipment.id IS NULL THEN 'It has no shipment: a shipped order is cancelled only once '
                                                      'its shipment is.'
                      ELSE format('Its shipment %s is %s: a shipped order is cancelled only once its shipment is.',
                                  v_shipment.id, v_shipment.status)
                  END,
                  HINT = 'If the carrier lost the parcel or returns it, record that with '
                         'api.add_tracking_event(shipment_id, ''cancelled''), then cancel. Goods the customer '
                         'sends back after delivery are taken back with api.return_sales_order_item.';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: FUNCTION tg_sales_order__cancel_shipped(); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.tg_sales_order__cancel_shipped() IS 'BEFORE UPDATE trigger on sales_order: shipped → cancelled only when every shipment of the order is cancelled (SD003 naming one that is not).';


--
-- Name: tg_sales_order_item__subtotal(); Type: FUNCTION; Schema: sales; Owner: -
--

CREATE FUNCTION sales.tg_sales_order_item__subtotal() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE sales.sales_order AS so
        SET subtotal_minor = so.subtotal_minor - OLD.line_total_minor,
            total_minor = so.total_minor - OLD.line_total_minor
        WHERE so.tenant_id = OLD.tenant_id AND so.id = OLD.sales_order_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE sales.sales_order AS so
        SET subtotal_minor = so.subtotal_minor + NEW.line_total_minor,
            total_minor = so.total_minor + NEW.line_total_minor
        WHERE so.tenant_id = NEW.tenant_id AND so.id = NEW.sales_order_id;
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: FUNCTION tg_sales_order_item__subtotal(); Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON FUNCTION sales.tg_sales_order_item__subtotal() IS 'AFTER trigger on sales_order_item: keeps sales_order.subtotal_minor (and total_minor) equal to the sum of lines.';


--
-- Name: allowed_values(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.allowed_values(value_list text) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT CASE allowed_values.value_list
        WHEN 'unit' THEN (SELECT array_agg(u.code ORDER BY u.code) FROM catalog.unit AS u)
        WHEN 'boolean' THEN ARRAY['true', 'false']
        -- From the catalogue: the importer, who asks for the template's lists,
        -- has no USAGE on schema warehouse, which naming the type needs.
        WHEN 'location_kind' THEN (
            SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
            FROM pg_catalog.pg_enum AS e
            INNER JOIN pg_catalog.pg_type AS t ON e.enumtypid = t.oid
            INNER JOIN pg_catalog.pg_namespace AS n ON t.typnamespace = n.oid
            WHERE n.nspname = 'warehouse' AND t.typname = 'location_kind'
        )
    END
$$;


--
-- Name: FUNCTION allowed_values(value_list text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.allowed_values(value_list text) IS 'The allowed values of an import column''s value_list (unit: catalog.unit''s codes; boolean; location_kind).';


--
-- Name: apply_categories(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_depth integer;
    v_max_depth integer;
    v_rows integer;
BEGIN
    SELECT count(*), max(cardinality(string_to_array(staging.to_path(r.path), '/')))
    INTO v_rows, v_max_depth
    FROM staging.category_row AS r
    WHERE r.tenant_id = apply_categories.tenant_id AND r.batch_id = apply_categories.batch_id;

    SELECT count(*) INTO unchanged
    FROM staging.category_row AS r
    JOIN catalog.category_paths(apply_categories.tenant_id) AS cp ON cp.name_path = staging.to_path(r.path)
    WHERE r.tenant_id = apply_categories.tenant_id AND r.batch_id = apply_categories.batch_id;

    FOR v_depth IN 1..coalesce(v_max_depth, 0) LOOP
        INSERT INTO catalog.product_category (tenant_id, parent_id, name)
        SELECT apply_categories.tenant_id, parent.id, l.names[v_depth]
        FROM (
            SELECT DISTINCT n.names[1:v_depth] AS names
            FROM staging.category_row AS r
            CROSS JOIN LATERAL (SELECT string_to_array(staging.to_path(r.path), '/') AS names) AS n
            WHERE r.tenant_id = apply_categories.tenant_id AND r.batch_id = apply_categories.batch_id
              AND cardinality(n.names) >= v_depth
        ) AS l
        LEFT JOIN catalog.category_paths(apply_categories.tenant_id) AS parent
            ON v_depth > 1 AND parent.name_path = array_to_string(l.names[1:v_depth - 1], '/')
        WHERE NOT EXISTS (
            SELECT 1 FROM catalog.category_paths(apply_categories.tenant_id) AS cp
            WHERE cp.name_path = array_to_string(l.names, '/')
        )
        ORDER BY 3;
    END LOOP;
    inserted := v_rows - unchanged;
    updated := 0;
END
$$;


--
-- Name: FUNCTION apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Creates every category of a validated categories batch that does not exist yet (with the missing parents) and returns the counts: a row whose path existed is unchanged.';


--
-- Name: apply_customers(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_rows integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: customer_source_rows (row_number integer, code text, customer_id uuid, '
            'name text, email text, phone text, changed boolean)';
    PERFORM staging.keep_source(
        'customer_source', apply_customers.tenant_id, apply_customers.batch_id
    );
    UPDATE sales.customer AS p
    SET name = s.name, email = s.email, phone = s.phone
    FROM pg_temp.customer_source_rows AS s
    WHERE p.tenant_id = apply_customers.tenant_id AND p.id = s.customer_id AND s.changed
      AND apply_customers.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;

    INSERT INTO sales.customer (tenant_id, code, name, email, phone)
    SELECT apply_customers.tenant_id, s.code, s.name, s.email, s.phone
    FROM pg_temp.customer_source_rows AS s
    WHERE s.customer_id IS NULL
    ORDER BY s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.customer_row AS r
    WHERE r.tenant_id = apply_customers.tenant_id AND r.batch_id = apply_customers.batch_id;
    unchanged := v_rows - inserted - updated;
END
$$;


--
-- Name: FUNCTION apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Writes a validated customers batch to sales.customer (updates changed codes in upsert mode, inserts new ones) and returns the counts.';


--
-- Name: apply_cycle_counts(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_rows integer;
BEGIN
    -- Held since the check, in the same transaction (then this takes nothing new).
    PERFORM inventory.lock_warehouse_stock(
        apply_cycle_counts.tenant_id,
        staging.cycle_count_warehouses(apply_cycle_counts.tenant_id, apply_cycle_counts.batch_id)
    );
    PERFORM 1
    FROM inventory.inventory AS i
    JOIN staging.cycle_count_source(apply_cycle_counts.tenant_id, apply_cycle_counts.batch_id) AS s
        ON i.product_id = s.product_id AND i.location_id = s.location_id
       AND i.batch_id IS NOT DISTINCT FROM s.lot_id
    WHERE i.tenant_id = apply_cycle_counts.tenant_id AND i.deleted_at IS NULL
    ORDER BY i.tenant_id, i.id
    FOR UPDATE OF i;

    WITH src AS MATERIALIZED (
        SELECT s.*, s.counted_quantity - s.on_hand AS difference, ops.uuid_v7() AS movement_id,
               format('import:%s:%s', apply_cycle_counts.batch_id, s.row_number) AS idempotency_key
        FROM staging.cycle_count_source(apply_cycle_counts.tenant_id, apply_cycle_counts.batch_id) AS s
        WHERE s.counted_quantity <> s.on_hand
    ),
    claimed AS (
        INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash, result)
        SELECT apply_cycle_counts.tenant_id, src.idempotency_key, 'staging.apply_cycle_counts',
               sha256(convert_to(concat_ws('/', src.product_id, src.location_id, src.lot_id, src.counted_quantity),
                                 'UTF8')),
               jsonb_build_object('movement_id', src.movement_id)
        FROM src
        RETURNING movement_request.idempotency_key
    )
    INSERT INTO inventory.stock_movement (
        id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
        reference_type, reference_id, reason, idempotency_key, created_by
    )
    SELECT src.movement_id, apply_cycle_counts.tenant_id, 'adjustment', src.product_id, src.lot_id,
           src.location_id, src.difference, 'import_batch', apply_cycle_counts.batch_id,
           coalesce(src.reason, 'cycle count'), claimed.idempotency_key, auth.current_user_id()
    FROM src JOIN claimed ON claimed.idempotency_key = src.idempotency_key
    ORDER BY src.product_id, src.location_id, src.lot_id;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.cycle_count_row AS r
    WHERE r.tenant_id = apply_cycle_counts.tenant_id AND r.batch_id = apply_cycle_counts.batch_id;
    updated := 0;
    unchanged := v_rows - inserted;
END
$$;


--
-- Name: FUNCTION apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Posts a validated cycle-count batch: locks the balances counted, then one adjustment per row whose count differs from on_hand (key import:<batch id>:<row>); returns the counts (inserted = adjustments, unchanged = counts that matched).';


--
-- Name: apply_locations(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_rows integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: location_source_rows (row_number integer, warehouse text, warehouse_id uuid, '
            'warehouse_active boolean, code text, location_id uuid, kind text, capacity numeric, '
            'active boolean, changed boolean)';
    PERFORM staging.keep_source('location_source', apply_locations.tenant_id, apply_locations.batch_id);
    UPDATE warehouse.location AS l
    SET kind = s.kind::warehouse.location_kind, capacity = s.capacity, active = s.active
    FROM pg_temp.location_source_rows AS s
    WHERE l.tenant_id = apply_locations.tenant_id AND l.id = s.location_id AND s.changed
      AND apply_locations.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;

    INSERT INTO warehouse.location (tenant_id, warehouse_id, code, kind, capacity, active)
    SELECT apply_locations.tenant_id, s.warehouse_id, s.code, s.kind::warehouse.location_kind, s.capacity, s.active
    FROM pg_temp.location_source_rows AS s
    WHERE s.location_id IS NULL
    ORDER BY s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.location_row AS r
    WHERE r.tenant_id = apply_locations.tenant_id AND r.batch_id = apply_locations.batch_id;
    unchanged := v_rows - inserted - updated;
END
$$;


--
-- Name: FUNCTION apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Writes a validated locations batch to warehouse.location (updates changed locations in upsert mode, inserts new ones) and returns the counts.';


--
-- Name: apply_opening_stock(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: opening_stock_source_rows (row_number integer, sku text, product_id uuid, '
            'decimal_places smallint, product_currency text, warehouse text, warehouse_id uuid, '
            'location text, location_id uuid, quantity numeric, batch_number text, manufacture_date '
            'date, expiry_date date, unit_cost_minor bigint, currency text, product_batch_id uuid, '
            'known_manufacture_date date, known_expiry_date date)';
    PERFORM staging.keep_source(
        'opening_stock_source', apply_opening_stock.tenant_id, apply_opening_stock.batch_id
    );
    -- Its warehouses' stock before anything is written: a batch created here
    -- is one an api call may be waiting to create too.
    PERFORM inventory.lock_warehouse_stock(
        apply_opening_stock.tenant_id,
        ARRAY(SELECT DISTINCT s.warehouse_id FROM pg_temp.opening_stock_source_rows AS s)
    );

    INSERT INTO catalog.product_batch (
        tenant_id, product_id, batch_number, manufacture_date, expiry_date, unit_cost_minor, currency
    )
    SELECT DISTINCT ON (s.product_id, s.batch_number)
        apply_opening_stock.tenant_id, s.product_id, s.batch_number, s.manufacture_date, s.expiry_date,
        s.unit_cost_minor, CASE WHEN s.unit_cost_minor IS NOT NULL THEN s.currency END
    FROM pg_temp.opening_stock_source_rows AS s
    WHERE s.batch_number IS NOT NULL AND s.product_batch_id IS NULL
    ORDER BY s.product_id, s.batch_number, s.row_number
    ON CONFLICT ON CONSTRAINT product_batch_number_key DO NOTHING;

    WITH src AS MATERIALIZED (
        SELECT s.*, b.id AS lot_id, ops.uuid_v7() AS movement_id,
               format('import:%s:%s', apply_opening_stock.batch_id, s.row_number) AS idempotency_key
        FROM pg_temp.opening_stock_source_rows AS s
        LEFT JOIN catalog.product_batch AS b
            ON b.tenant_id = apply_opening_stock.tenant_id AND b.product_id = s.product_id
           AND b.batch_number = s.batch_number
    ),
    claimed AS (
        INSERT INTO inventory.movement_request (tenant_id, idempotency_key, function_name, request_hash, result)
        SELECT apply_opening_stock.tenant_id, src.idempotency_key, 'staging.apply_opening_stock',
               sha256(convert_to(concat_ws('/', src.product_id, src.location_id, src.lot_id, src.quantity), 'UTF8')),
               jsonb_build_object('movement_id', src.movement_id)
        FROM src
        RETURNING movement_request.idempotency_key
    )
    INSERT INTO inventory.stock_movement (
        id, tenant_id, movement_type, product_id, batch_id, location_id, quantity,
        reference_type, reference_id, reason, idempotency_key, created_by
    )
    SELECT src.movement_id, apply_opening_stock.tenant_id, 'purchase_receipt', src.product_id, src.lot_id,
           src.location_id, src.quantity, 'import_batch', apply_opening_stock.batch_id, 'opening stock',
           claimed.idempotency_key, auth.current_user_id()
    FROM src JOIN claimed ON claimed.idempotency_key = src.idempotency_key
    ORDER BY src.product_id, src.location_id, src.lot_id;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    updated := 0;
    unchanged := 0;
END
$$;


--
-- Name: FUNCTION apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Posts a validated opening-stock batch to the ledger: creates the new batches, claims one idempotency key per row (import:<batch id>:<row>) and inserts one purchase_receipt per row; returns the counts.';


--
-- Name: apply_prices(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_rows integer;
BEGIN
    UPDATE catalog.product AS p
    SET unit_price_minor = staging.to_integer(r.unit_price_minor), currency = staging.to_currency(r.currency)
    FROM staging.price_row AS r
    WHERE r.tenant_id = apply_prices.tenant_id AND r.batch_id = apply_prices.batch_id
      AND p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
      AND (p.unit_price_minor, p.currency::text)
          IS DISTINCT FROM (staging.to_integer(r.unit_price_minor), staging.to_currency(r.currency))
      AND apply_prices.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;
    SELECT count(*) INTO v_rows FROM staging.price_row AS r
    WHERE r.tenant_id = apply_prices.tenant_id AND r.batch_id = apply_prices.batch_id;
    inserted := 0;
    unchanged := v_rows - updated;
END
$$;


--
-- Name: FUNCTION apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Sets the list price and currency of each SKU of a validated prices batch where they differ; returns the counts (updated, unchanged).';


--
-- Name: apply_products(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_rows integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: product_source_rows (row_number integer, sku text, product_id uuid, '
            'category_path text, category_found boolean, name text, description text, category_id '
            'uuid, unit text, barcode text, unit_price_minor bigint, currency text, min_stock_level '
            'numeric, reorder_point numeric, safety_stock_level numeric, max_stock_level numeric, '
            'lead_time_days integer, hs_code text, country_of_origin text, active boolean, changed '
            'boolean)';
    PERFORM staging.keep_source(
        'product_source', apply_products.tenant_id, apply_products.batch_id
    );
    -- One pass over the typed rows serves the updates, the inserts and the count.
    WITH s AS MATERIALIZED (
        SELECT * FROM pg_temp.product_source_rows
    ),
    changed AS (
        UPDATE catalog.product AS p
        SET name = s.name, description = s.description, category_id = s.category_id, unit = s.unit,
            barcode = s.barcode, unit_price_minor = s.unit_price_minor, currency = s.currency,
            min_stock_level = s.min_stock_level, reorder_point = s.reorder_point,
            safety_stock_level = s.safety_stock_level, max_stock_level = s.max_stock_level,
            lead_time_days = s.lead_time_days, hs_code = s.hs_code, country_of_origin = s.country_of_origin,
            active = s.active
        FROM s
        WHERE p.tenant_id = apply_products.tenant_id AND p.id = s.product_id AND s.changed
        RETURNING 1
    ),
    added AS (
        INSERT INTO catalog.product (
            tenant_id, sku, name, description, category_id, unit, barcode, unit_price_minor, currency,
            min_stock_level, reorder_point, safety_stock_level, max_stock_level, lead_time_days, hs_code,
            country_of_origin, active
        )
        SELECT apply_products.tenant_id, s.sku, s.name, s.description, s.category_id, s.unit, s.barcode,
               s.unit_price_minor, s.currency, s.min_stock_level, s.reorder_point, s.safety_stock_level,
               s.max_stock_level, s.lead_time_days, s.hs_code, s.country_of_origin, s.active
        FROM s
        WHERE s.product_id IS NULL
        ORDER BY s.row_number
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed), (SELECT count(*) FROM s)
    INTO inserted, updated, v_rows;
    unchanged := v_rows - inserted - updated;
END
$$;


--
-- Name: FUNCTION apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Writes a validated products batch to catalog.product: updates the SKUs whose values changed, inserts the new ones, and returns the counts.';


--
-- Name: apply_purchase_orders(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: purchase_order_source_rows (row_number integer, po_number text, '
            'existing_order_id uuid, supplier text, supplier_id uuid, currency text, expected_date '
            'date, sku text, product_id uuid, decimal_places smallint, quantity numeric, '
            'unit_cost_minor bigint, notes text)';
    PERFORM staging.keep_source(
        'purchase_order_source', apply_purchase_orders.tenant_id, apply_purchase_orders.batch_id
    );
    INSERT INTO procurement.purchase_order (tenant_id, number, supplier_id, currency, expected_at, notes, created_by)
    SELECT DISTINCT ON (s.po_number)
        apply_purchase_orders.tenant_id, s.po_number, s.supplier_id, s.currency, s.expected_date::timestamptz,
        s.notes, auth.current_user_id()
    FROM pg_temp.purchase_order_source_rows AS s
    ORDER BY s.po_number, s.row_number;

    INSERT INTO procurement.purchase_order_item (
        tenant_id, purchase_order_id, product_id, quantity_ordered, unit_cost_minor
    )
    SELECT apply_purchase_orders.tenant_id, po.id, s.product_id, s.quantity, s.unit_cost_minor
    FROM pg_temp.purchase_order_source_rows AS s
    JOIN procurement.purchase_order AS po
        ON po.tenant_id = apply_purchase_orders.tenant_id AND po.number = s.po_number
    ORDER BY po.id, s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    updated := 0;
    unchanged := 0;
END
$$;


--
-- Name: FUNCTION apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Creates the draft purchase orders of a validated batch with their lines (inserted counts lines).';


--
-- Name: apply_suppliers(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_rows integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: supplier_source_rows (row_number integer, code text, supplier_id uuid, '
            'name text, email text, phone text, lead_time_days integer, changed boolean)';
    PERFORM staging.keep_source(
        'supplier_source', apply_suppliers.tenant_id, apply_suppliers.batch_id
    );
    UPDATE procurement.supplier AS p
    SET name = s.name, email = s.email, phone = s.phone, lead_time_days = s.lead_time_days
    FROM pg_temp.supplier_source_rows AS s
    WHERE p.tenant_id = apply_suppliers.tenant_id AND p.id = s.supplier_id AND s.changed
      AND apply_suppliers.mode = 'upsert';
    GET DIAGNOSTICS updated = ROW_COUNT;

    INSERT INTO procurement.supplier (tenant_id, code, name, email, phone, lead_time_days)
    SELECT apply_suppliers.tenant_id, s.code, s.name, s.email, s.phone, s.lead_time_days
    FROM pg_temp.supplier_source_rows AS s
    WHERE s.supplier_id IS NULL
    ORDER BY s.row_number;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    SELECT count(*) INTO v_rows FROM staging.supplier_row AS r
    WHERE r.tenant_id = apply_suppliers.tenant_id AND r.batch_id = apply_suppliers.batch_id;
    unchanged := v_rows - inserted - updated;
END
$$;


--
-- Name: FUNCTION apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) IS 'Writes a validated suppliers batch to procurement.supplier (updates changed codes in upsert mode, inserts new ones) and returns the counts.';


--
-- Name: begin_batch(text, text, text, text, text[], text, boolean); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text DEFAULT 'insert'::text, dry_run boolean DEFAULT false) RETURNS TABLE(batch_id uuid, row_table text, applied_batch_id uuid, applied_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_kind record;
    v_unknown text[];
BEGIN
    SELECT * INTO v_kind FROM staging.require_kind(begin_batch.kind);
    IF begin_batch.mode IS NULL OR NOT begin_batch.mode = ANY (v_kind.modes) THEN
        RAISE EXCEPTION 'an import of % cannot run in mode %', v_kind.kind, ops.quoted_excerpt(begin_batch.mode)
            USING ERRCODE = '22023',
                  DETAIL = format('%s supports: %s.', v_kind.kind, array_to_string(v_kind.modes, ', ')),
                  HINT = 'Leave the mode out to use the first one.';
    END IF;
    IF begin_batch.file_checksum IS NULL OR begin_batch.file_checksum !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'file_checksum must be a SHA-256 in lower-case hex'
            USING ERRCODE = '22023',
                  DETAIL = format('file_checksum => %s.', ops.quoted_excerpt(begin_batch.file_checksum)),
                  HINT = 'Pass the hex SHA-256 of the file''s bytes.';
    END IF;
    SELECT array_agg(c) INTO v_unknown
    FROM unnest(begin_batch.columns) AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM staging.import_column AS ic WHERE ic.kind = v_kind.kind AND ic.column_name = c
    );
    IF begin_batch.columns IS NULL OR cardinality(begin_batch.columns) = 0 OR v_unknown IS NOT NULL THEN
        RAISE EXCEPTION 'columns must name columns of %', v_kind.kind
            USING ERRCODE = '22023',
                  DETAIL = format('Unknown: %s.', coalesce(array_to_string(v_unknown, ', '), 'none given')),
                  HINT = 'See staging.import_column for the columns of each kind.';
    END IF;

    -- Two imports of the same file queue here, so the second sees the first's
    -- outcome instead of applying it a second time.
    PERFORM pg_advisory_xact_lock(
        hashtextextended('staging.import/' || v_tenant_id || '/' || v_kind.kind || '/' || begin_batch.file_checksum, 0)
    );
    SELECT b.id, b.finished_at INTO applied_batch_id, applied_at
    FROM staging.import_batch AS b
    WHERE b.tenant_id = v_tenant_id AND b.kind = v_kind.kind AND b.file_checksum = begin_batch.file_checksum
      AND b.status = 'applied';
    row_table := 'staging.' || v_kind.row_table;
    IF applied_batch_id IS NOT NULL AND NOT begin_batch.dry_run THEN
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO staging.import_batch AS b (
        tenant_id, kind, file_name, file_checksum, sheet_name, columns, mode, dry_run, created_by
    )
    VALUES (
        v_tenant_id, v_kind.kind, begin_batch.file_name, begin_batch.file_checksum, begin_batch.sheet_name,
        begin_batch.columns, begin_batch.mode, begin_batch.dry_run, auth.current_user_id()
    )
    RETURNING b.id INTO batch_id;
    RETURN NEXT;
END
$_$;


--
-- Name: FUNCTION begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text, dry_run boolean); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text, dry_run boolean) IS 'Opens an import batch (status loading) for the caller''s tenant and returns its id and the staging table to COPY its rows into (tenant_id, batch_id, row_number, then the columns). When the same file (kind and SHA-256) was already applied it opens nothing (batch_id NULL) and returns that batch. Errors: 42501 without tenant, 22023 unknown kind, mode or column.';


--
-- Name: cell_problem(text, text, boolean, integer, text, text[], text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE
        WHEN staging.to_text(value) IS NULL THEN CASE WHEN required THEN 'required' END
        WHEN pg_catalog.starts_with(value, '#') AND value = ANY (ARRAY[
            '#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA',
            '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!',
            '#PYTHON!', '#EXTERNAL!'
        ]) THEN pg_catalog.format(
            'an Excel error value (%s), not data: correct the formula or clear the cell', value
        )
        WHEN data_type = 'integer' AND staging.to_integer(value) IS NULL
            THEN 'not a whole number (at most 15 digits)'
        WHEN data_type = 'decimal' AND staging.to_decimal(value) IS NULL
            THEN 'not a number (at most 11 digits before the point and 3 after)'
        WHEN data_type = 'date' AND staging.to_date(value) IS NULL
            THEN 'not a date (YYYY-MM-DD or an Excel date)'
        WHEN data_type = 'boolean' AND staging.to_boolean(value) IS NULL
            THEN 'not true or false'
        WHEN data_type = 'currency' AND staging.to_currency(value) IS NULL
            THEN 'not a three-letter ISO 4217 currency code'
        WHEN pg_catalog.length(staging.to_text(value)) > max_length
            THEN pg_catalog.format('longer than %s characters', max_length)
        WHEN staging.to_text(value) !~ pattern
            THEN 'not in the expected form: ' || description
        WHEN data_type = 'text' AND NOT (pg_catalog.lower(staging.to_text(value)) = ANY (allowed))
            THEN 'not one of: ' || pg_catalog.array_to_string(allowed, ', ')
    END
$$;


--
-- Name: FUNCTION cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text) IS 'Why a cell does not fit its import column (required, type, length, pattern, allowed values), or NULL when it does.';


--
-- Name: check_categories(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_categories(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_categories.tenant_id, check_categories.batch_id, s.row_number, 'path', s.path, e.reason
    FROM (
        SELECT s.row_number, s.path, ARRAY[
            CASE WHEN s.first_row <> s.row_number THEN format('path also on row %s', s.first_row) END,
            CASE WHEN EXISTS (SELECT FROM unnest(s.names) AS n (name) WHERE length(n.name) > 200)
                THEN 'a category name is at most 200 characters' END,
            CASE WHEN cardinality(s.names) > 65 THEN 'a category is at most 65 levels deep' END
        ] AS reasons
        FROM (
            SELECT r.row_number, staging.to_path(r.path) AS path,
                   string_to_array(staging.to_path(r.path), '/') AS names,
                   min(r.row_number) OVER (PARTITION BY staging.to_path(r.path)) AS first_row
            FROM staging.category_row AS r
            WHERE r.tenant_id = check_categories.tenant_id AND r.batch_id = check_categories.batch_id
              AND staging.to_text(r.path) IS NOT NULL
        ) AS s
    ) AS s
    CROSS JOIN LATERAL unnest(s.reasons) AS e (reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_categories.tenant_id AND x.batch_id = check_categories.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_categories(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_categories(tenant_id uuid, batch_id uuid, mode text) IS 'Records a categories batch''s row errors (a path twice in the file, a name over 200 characters, more than 65 levels) and returns how many.';


--
-- Name: check_customers(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_customers(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: customer_source_rows (row_number integer, code text, customer_id uuid, '
            'name text, email text, phone text, changed boolean)';
    PERFORM staging.keep_source(
        'customer_source', check_customers.tenant_id, check_customers.batch_id
    );
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_customers.tenant_id, check_customers.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, min(s.row_number) OVER (PARTITION BY s.code) AS first_row
        FROM pg_temp.customer_source_rows AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('code', s.code, CASE WHEN s.first_row <> s.row_number THEN format('code also on row %s', s.first_row) END),
        ('code', s.code,
         CASE WHEN check_customers.mode = 'insert' AND s.changed
             THEN 'already exists with other values (use --mode upsert to change it)' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL AND s.code IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_customers.tenant_id AND x.batch_id = check_customers.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_customers(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_customers(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row errors of a customers batch (code twice, an existing code with other values in insert mode) and returns how many.';


--
-- Name: check_cycle_counts(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_cycle_counts(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    PERFORM inventory.lock_warehouse_stock(
        check_cycle_counts.tenant_id,
        staging.cycle_count_warehouses(check_cycle_counts.tenant_id, check_cycle_counts.batch_id)
    );
    PERFORM staging.lock_named_products(check_cycle_counts.tenant_id, check_cycle_counts.batch_id, 'cycle_count_row');
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_cycle_counts.tenant_id, check_cycle_counts.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*,
               min(s.row_number) OVER (PARTITION BY s.sku, s.warehouse, s.location, s.batch_number) AS first_row
        FROM staging.cycle_count_source(check_cycle_counts.tenant_id, check_cycle_counts.batch_id) AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        -- As api.count_stock refuses them: the import posted counts of an
        -- inactive product, or at an inactive location.
        ('sku', s.sku,
         CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU'
              WHEN s.product_id IN (
                  SELECT p.id FROM catalog.product AS p
                  WHERE p.tenant_id = check_cycle_counts.tenant_id AND NOT p.active
              ) THEN 'the product is inactive: reactivate it before moving its stock' END),
        ('warehouse', s.warehouse,
         CASE WHEN s.warehouse_id IS NULL THEN 'no warehouse with this code'
              WHEN s.warehouse_id IN (
                  SELECT w.id FROM warehouse.warehouse AS w
                  WHERE w.tenant_id = check_cycle_counts.tenant_id AND NOT w.active
              ) THEN 'the warehouse is inactive: reactivate it before moving stock through it' END),
        ('location', s.location,
         CASE WHEN s.warehouse_id IS NOT NULL AND s.location_id IS NULL
                  THEN format('no location with this code in warehouse %s', s.warehouse)
              WHEN s.location_id IN (
                  SELECT l.id FROM warehouse.location AS l
                  WHERE l.tenant_id = check_cycle_counts.tenant_id AND NOT l.active
              ) THEN 'the location is inactive: reactivate it before moving stock through it' END),
        ('batch_number', s.batch_number,
         CASE WHEN s.first_row <> s.row_number
                  THEN format('same product, location and batch as row %s', s.first_row)
              WHEN s.product_id IS NOT NULL AND s.batch_number IS NOT NULL AND s.lot_id IS NULL
                  THEN 'no batch with this number for the product' END),
        ('counted_quantity', trim_scale(s.counted_quantity)::text,
         CASE WHEN s.counted_quantity < 0 THEN 'must be 0 or more'
              WHEN s.counted_quantity <> round(s.counted_quantity, s.decimal_places)
                  THEN format('more decimals than the product''s unit allows (%s)', s.decimal_places)
              WHEN s.counted_quantity < s.reserved
                  THEN format('less than the %s reserved there: release those reservations first',
                              trim_scale(s.reserved)) END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_cycle_counts.tenant_id AND x.batch_id = check_cycle_counts.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_cycle_counts(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_cycle_counts(tenant_id uuid, batch_id uuid, mode text) IS 'Holds the stock of the warehouses a cycle-count batch names until the transaction ends, then records its row errors (unknown product, warehouse, location or batch, an inactive product, warehouse or location, bad or below-reserved count, duplicates) and returns how many. Errors: 55P03 when those warehouses stayed busy.';


--
-- Name: check_locations(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_locations(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: location_source_rows (row_number integer, warehouse text, warehouse_id uuid, '
            'warehouse_active boolean, code text, location_id uuid, kind text, capacity numeric, '
            'active boolean, changed boolean)';
    PERFORM staging.keep_source('location_source', check_locations.tenant_id, check_locations.batch_id);
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_locations.tenant_id, check_locations.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, min(s.row_number) OVER (PARTITION BY s.warehouse, s.code) AS first_row
        FROM pg_temp.location_source_rows AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('warehouse', s.warehouse,
         CASE WHEN s.warehouse_id IS NULL THEN 'no warehouse with this code'
              WHEN s.location_id IS NULL AND NOT s.warehouse_active
                  THEN 'the warehouse is inactive: reactivate it before adding locations to it' END),
        ('code', s.code,
         CASE WHEN s.first_row <> s.row_number THEN format('same warehouse and code as row %s', s.first_row)
              WHEN check_locations.mode = 'insert' AND s.changed
                  THEN 'already exists with other values (use --mode upsert to change it)' END),
        ('capacity', trim_scale(s.capacity)::text, CASE WHEN s.capacity <= 0 THEN 'must be more than 0' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_locations.tenant_id AND x.batch_id = check_locations.batch_id
            AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_locations(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_locations(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row errors of a locations batch (unknown warehouse, an inactive one for a new location, a location twice, capacity not above 0, an existing location with other values in insert mode) and returns how many.';


--
-- Name: check_opening_stock(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_opening_stock(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: opening_stock_source_rows (row_number integer, sku text, product_id uuid, '
            'decimal_places smallint, product_currency text, warehouse text, warehouse_id uuid, '
            'location text, location_id uuid, quantity numeric, batch_number text, manufacture_date '
            'date, expiry_date date, unit_cost_minor bigint, currency text, product_batch_id uuid, '
            'known_manufacture_date date, known_expiry_date date)';
    PERFORM staging.lock_named_products(check_opening_stock.tenant_id, check_opening_stock.batch_id, 'opening_stock_row');
    PERFORM staging.keep_source(
        'opening_stock_source', check_opening_stock.tenant_id, check_opening_stock.batch_id
    );
    -- Each row's reasons are computed once, into an array; only a row with at
    -- least one is spread into one row per column (as in validate_cells).
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_opening_stock.tenant_id, check_opening_stock.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, ARRAY[
            -- As api.receive_stock refuses them: the import posted receipts of an
            -- inactive product, or into an inactive location.
            CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU'
                 WHEN s.product_id IN (
                     SELECT p.id FROM catalog.product AS p
                     WHERE p.tenant_id = check_opening_stock.tenant_id AND NOT p.active
                 ) THEN 'the product is inactive: reactivate it before moving its stock' END,
            CASE WHEN s.warehouse_id IS NULL THEN 'no warehouse with this code'
                 WHEN s.warehouse_id IN (
                     SELECT w.id FROM warehouse.warehouse AS w
                     WHERE w.tenant_id = check_opening_stock.tenant_id AND NOT w.active
                 ) THEN 'the warehouse is inactive: reactivate it before moving stock through it' END,
            CASE WHEN s.warehouse_id IS NOT NULL AND s.location_id IS NULL
                     THEN format('no location with this code in warehouse %s', s.warehouse)
                 WHEN s.location_id IN (
                     SELECT l.id FROM warehouse.location AS l
                     WHERE l.tenant_id = check_opening_stock.tenant_id AND NOT l.active
                 ) THEN 'the location is inactive: reactivate it before moving stock through it' END,
            CASE WHEN s.quantity <= 0 THEN 'must be more than 0'
                 WHEN s.quantity <> round(s.quantity, s.decimal_places)
                     THEN format('more decimals than the product''s unit allows (%s)', s.decimal_places) END,
            CASE WHEN s.first_row <> s.row_number
                     THEN format('same product, location and batch as row %s', s.first_row)
                 WHEN s.batch_number IS NULL
                      AND (s.manufacture_date IS NOT NULL OR s.expiry_date IS NOT NULL OR s.unit_cost_minor IS NOT NULL)
                     THEN 'expiry_date, manufacture_date and unit_cost_minor belong to a batch: give batch_number'
                 WHEN s.batch_number IS NOT NULL AND s.lot_differs
                     THEN 'this batch has other dates or cost on another row of the file' END,
            CASE WHEN s.manufacture_date > s.expiry_date THEN 'before manufacture_date'
                 WHEN s.product_batch_id IS NOT NULL AND s.expiry_date IS DISTINCT FROM s.known_expiry_date
                      AND s.expiry_date IS NOT NULL
                     THEN format('batch %s is known with expiry %s', s.batch_number,
                                 coalesce(s.known_expiry_date::text, 'none')) END,
            CASE WHEN s.product_batch_id IS NOT NULL AND s.manufacture_date IS NOT NULL
                      AND s.manufacture_date IS DISTINCT FROM s.known_manufacture_date
                     THEN format('batch %s is known made on %s', s.batch_number,
                                 coalesce(s.known_manufacture_date::text, 'no date')) END,
            CASE WHEN s.unit_cost_minor < 0 THEN 'must be 0 or more'
                 WHEN s.unit_cost_minor IS NOT NULL AND s.currency IS NULL
                     THEN 'needs a currency (the product has none of its own)' END
        ] AS reasons
        FROM (
            SELECT s.*,
                   min(s.row_number) OVER (PARTITION BY s.sku, s.warehouse, s.location, s.batch_number) AS first_row,
                   min(format('%s|%s|%s', s.manufacture_date, s.expiry_date, s.unit_cost_minor))
                       OVER (PARTITION BY s.sku, s.batch_number)
                   <> max(format('%s|%s|%s', s.manufacture_date, s.expiry_date, s.unit_cost_minor))
                       OVER (PARTITION BY s.sku, s.batch_number) AS lot_differs
            FROM pg_temp.opening_stock_source_rows AS s
        ) AS s
        OFFSET 0
    ) AS s
    CROSS JOIN LATERAL unnest(
        ARRAY[
            'sku', 'warehouse', 'location', 'quantity', 'batch_number', 'expiry_date', 'manufacture_date',
            'unit_cost_minor'
        ],
        ARRAY[
            s.sku, s.warehouse, s.location, trim_scale(s.quantity)::text, s.batch_number, s.expiry_date::text,
            s.manufacture_date::text, s.unit_cost_minor::text
        ],
        s.reasons
    ) AS e (column_name, value, reason)
    WHERE num_nonnulls(VARIADIC s.reasons) > 0 AND e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_opening_stock.tenant_id AND x.batch_id = check_opening_stock.batch_id
            AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_opening_stock(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_opening_stock(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row errors of an opening-stock batch (unknown product, warehouse or location, an inactive product, warehouse or location, quantity, batch dates and cost, duplicates) and returns how many.';


--
-- Name: check_prices(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_prices(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_prices.tenant_id, check_prices.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT r.row_number, staging.to_text(r.sku) AS sku, staging.to_integer(r.unit_price_minor) AS price,
               p.id AS product_id,
               min(r.row_number) OVER (PARTITION BY staging.to_text(r.sku)) AS first_row
        FROM staging.price_row AS r
        LEFT JOIN catalog.product AS p
            ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
        WHERE r.tenant_id = check_prices.tenant_id AND r.batch_id = check_prices.batch_id
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('sku', s.sku, CASE WHEN s.first_row <> s.row_number THEN format('SKU also on row %s', s.first_row) END),
        ('sku', s.sku, CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU' END),
        ('unit_price_minor', s.price::text, CASE WHEN s.price < 0 THEN 'must be 0 or more' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL AND s.sku IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_prices.tenant_id AND x.batch_id = check_prices.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_prices(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_prices(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row errors of a prices batch (unknown SKU, SKU twice, negative price) and returns how many.';


--
-- Name: check_products(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_products(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: product_source_rows (row_number integer, sku text, product_id uuid, '
            'category_path text, category_found boolean, name text, description text, category_id '
            'uuid, unit text, barcode text, unit_price_minor bigint, currency text, min_stock_level '
            'numeric, reorder_point numeric, safety_stock_level numeric, max_stock_level numeric, '
            'lead_time_days integer, hs_code text, country_of_origin text, active boolean, changed '
            'boolean)';
    -- The categories, held FOR KEY SHARE until the import ends, before the
    -- rows' paths are resolved: a delete_category that came first is waited
    -- for, and its category is then missing here, so each row naming it is
    -- reported. Resolved first, the apply's insert met the deleted category and
    -- the import failed whole with the foreign key's 23503. A delete coming
    -- later waits for the import, then finds its products and refuses. All of
    -- the tenant's, in id order: a path names its category only once resolved.
    IF EXISTS (
        SELECT FROM staging.product_row AS r
        WHERE r.tenant_id = check_products.tenant_id AND r.batch_id = check_products.batch_id
          AND r.category IS NOT NULL
    ) THEN
        PERFORM FROM catalog.product_category AS c
        WHERE c.tenant_id = check_products.tenant_id
        ORDER BY c.id
        FOR KEY SHARE;
    END IF;
    PERFORM staging.keep_source(
        'product_source', check_products.tenant_id, check_products.batch_id
    );
    -- The products whose unit the sheet changes, and in which nothing is counted
    -- yet, held FOR UPDATE in id order until the import ends: the unit trigger
    -- takes that lock at the apply, row by row in the update's order, where an
    -- order naming two of them in the other order deadlocked with it. Taken
    -- here, the check below (in a snapshot from after the wait) sees the calls
    -- it waited for. A product already counted in its unit keeps it whatever
    -- happens, so the check refuses it without holding up its movements.
    IF check_products.mode = 'upsert' THEN
        PERFORM FROM catalog.product AS p
        JOIN pg_temp.product_source_rows AS s ON s.product_id = p.id
        WHERE p.tenant_id = check_products.tenant_id AND s.unit IS DISTINCT FROM p.unit
          -- Inside the CASE it is asked only of a changed unit: as a condition
          -- of its own the planner ran it on every product of the tenant (2.5 ms
          -- each; an upsert of 100,000 unchanged products spent 250 s here).
          AND CASE WHEN s.unit IS DISTINCT FROM p.unit THEN catalog.unit_in_use(p.tenant_id, p.id) IS NULL END
        ORDER BY p.id
        FOR UPDATE OF p;
    END IF;
    -- Each row's reasons are computed once, into an array; only a row with at
    -- least one is spread into one row per column (as in validate_cells).
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_products.tenant_id, check_products.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, ARRAY[
            CASE WHEN s.first_row <> s.row_number THEN format('SKU also on row %s', s.first_row) END,
            CASE WHEN s.category_path IS NOT NULL AND NOT s.category_found
                THEN 'no category with this path (import categories first)' END,
            CASE WHEN (s.unit_price_minor IS NULL) <> (s.currency IS NULL)
                THEN 'unit_price_minor and currency go together: give both or neither' END,
            CASE WHEN s.unit_price_minor < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.min_stock_level < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.reorder_point < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.safety_stock_level < 0 THEN 'must be 0 or more' END,
            CASE WHEN s.max_stock_level < s.reorder_point THEN 'must be at least reorder_point' END,
            CASE WHEN s.lead_time_days NOT BETWEEN 0 AND 3650 THEN 'must be 0 to 3650' END,
            CASE WHEN check_products.mode = 'insert' AND s.changed
                THEN 'already exists with other values (use --mode upsert to change it)' END,
            -- As the product's trigger refuses it (catalog.tg_product__unit_fixed).
            CASE WHEN check_products.mode = 'upsert' AND s.unit_use = 'stock'
                    THEN format('cannot change from %s: this product''s stock has moved', s.old_unit)
                WHEN check_products.mode = 'upsert' AND s.unit_use IS NOT NULL
                    THEN format('cannot change from %s: this product is on %s', s.old_unit, s.unit_use) END
        ] AS reasons
        FROM (
            SELECT s.*, min(s.row_number) OVER (PARTITION BY s.sku) AS first_row, p.unit AS old_unit,
                   -- Asked only of a row that changes an existing product's unit.
                   CASE WHEN p.id IS NOT NULL AND s.unit IS DISTINCT FROM p.unit
                       THEN catalog.unit_in_use(p.tenant_id, p.id) END AS unit_use
            FROM pg_temp.product_source_rows AS s
            LEFT JOIN catalog.product AS p ON p.tenant_id = check_products.tenant_id AND p.id = s.product_id
        ) AS s
        WHERE s.sku IS NOT NULL
        OFFSET 0
    ) AS s
    CROSS JOIN LATERAL unnest(
        ARRAY[
            'sku', 'category', 'currency', 'unit_price_minor', 'min_stock_level', 'reorder_point',
            'safety_stock_level', 'max_stock_level', 'lead_time_days', 'sku', 'unit'
        ],
        ARRAY[
            s.sku, s.category_path, s.currency, s.unit_price_minor::text, trim_scale(s.min_stock_level)::text,
            trim_scale(s.reorder_point)::text, trim_scale(s.safety_stock_level)::text,
            trim_scale(s.max_stock_level)::text, s.lead_time_days::text, s.sku, s.unit
        ],
        s.reasons
    ) AS e (column_name, value, reason)
    WHERE num_nonnulls(VARIADIC s.reasons) > 0 AND e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_products.tenant_id AND x.batch_id = check_products.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_products(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_products(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row-level errors of a products batch (unknown category, SKU twice in the file, price without currency, levels, an existing SKU with other values in insert mode, in upsert mode a new unit for a product whose stock has moved or which is on order lines) and returns how many.';


--
-- Name: check_purchase_orders(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_purchase_orders(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: purchase_order_source_rows (row_number integer, po_number text, '
            'existing_order_id uuid, supplier text, supplier_id uuid, currency text, expected_date '
            'date, sku text, product_id uuid, decimal_places smallint, quantity numeric, '
            'unit_cost_minor bigint, notes text)';
    PERFORM staging.lock_named_products(check_purchase_orders.tenant_id, check_purchase_orders.batch_id, 'purchase_order_row');
    -- The suppliers too, to the end of the transaction: api.delete_supplier
    -- waits for the import, and the import waits for a delete under way and
    -- then finds no supplier. Read without it, a supplier deleted between this
    -- check and the apply got the batch's orders.
    PERFORM count(*) FROM (
        SELECT FROM procurement.supplier AS x
        WHERE x.tenant_id = check_purchase_orders.tenant_id AND x.deleted_at IS NULL AND x.code IN (
            SELECT staging.to_text(r.supplier) FROM staging.purchase_order_row AS r
            WHERE r.tenant_id = check_purchase_orders.tenant_id AND r.batch_id = check_purchase_orders.batch_id
        )
        ORDER BY x.id
        FOR KEY SHARE OF x
    ) AS l;
    PERFORM staging.keep_source(
        'purchase_order_source', check_purchase_orders.tenant_id, check_purchase_orders.batch_id
    );
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_purchase_orders.tenant_id, check_purchase_orders.batch_id, s.row_number,
           e.column_name, e.value, e.reason
    FROM (
        SELECT s.*,
               min(s.row_number) OVER (PARTITION BY s.po_number, s.sku) AS first_row,
               first_value(s.supplier) OVER w AS order_supplier,
               first_value(s.currency) OVER w AS order_currency,
               first_value(s.expected_date) OVER w AS order_expected_date,
               first_value(s.row_number) OVER w AS order_first_row,
               -- In numeric: the bigint totals it is checked against would overflow.
               sum(round(s.quantity * s.unit_cost_minor)) OVER (PARTITION BY s.po_number) AS order_total
        FROM pg_temp.purchase_order_source_rows AS s
        WINDOW w AS (PARTITION BY s.po_number ORDER BY s.row_number)
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('po_number', s.po_number,
         CASE WHEN s.existing_order_id IS NOT NULL THEN 'an order with this number exists already' END),
        ('supplier', s.supplier,
         CASE WHEN s.supplier_id IS NULL THEN 'no live supplier with this code'
              -- As api.create_purchase_order refuses it.
              WHEN s.supplier_id IN (
                  SELECT x.id FROM procurement.supplier AS x
                  WHERE x.tenant_id = check_purchase_orders.tenant_id AND NOT x.active
              ) THEN 'the supplier is inactive: reactivate it before ordering from it'
              WHEN s.supplier IS DISTINCT FROM s.order_supplier
                  THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('currency', s.currency,
         CASE WHEN s.currency IS DISTINCT FROM s.order_currency
             THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('expected_date', s.expected_date::text,
         CASE WHEN s.expected_date IS DISTINCT FROM s.order_expected_date
             THEN format('differs from row %s of the same order', s.order_first_row) END),
        ('sku', s.sku,
         CASE WHEN s.product_id IS NULL THEN 'no live product with this SKU'
              -- As api.add_purchase_order_item refuses it.
              WHEN s.product_id IN (
                  SELECT p.id FROM catalog.product AS p
                  WHERE p.tenant_id = check_purchase_orders.tenant_id AND NOT p.active
              ) THEN 'the product is inactive: reactivate it before ordering it'
              WHEN s.first_row <> s.row_number THEN format('same product as row %s of this order', s.first_row) END),
        ('quantity', trim_scale(s.quantity)::text,
         CASE WHEN s.quantity <= 0 THEN 'must be more than 0'
              WHEN s.quantity <> round(s.quantity, s.decimal_places)
                  THEN format('more decimals than the product''s unit allows (%s)', s.decimal_places) END),
        ('unit_cost_minor', s.unit_cost_minor::text,
         CASE WHEN s.unit_cost_minor < 0 THEN 'must be 0 or more'
              WHEN round(s.quantity * s.unit_cost_minor) > 9223372036854775807
                  THEN 'quantity × unit_cost_minor is too large for a line total'
              WHEN s.order_total > 9223372036854775807
                  THEN 'the order''s lines total more than 9223372036854775807' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_purchase_orders.tenant_id AND x.batch_id = check_purchase_orders.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_purchase_orders(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_purchase_orders(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row errors of a purchase-orders batch (existing number, unknown supplier or product, an inactive supplier or product, header differing between rows of one order, duplicate lines, quantities, line and order totals too large) and returns how many.';


--
-- Name: check_suppliers(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.check_suppliers(tenant_id uuid, batch_id uuid, mode text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_count integer;
BEGIN
    -- The kept rows' columns, for plpgsql_check (a constant at run time).
    PERFORM 'PRAGMA:TABLE: supplier_source_rows (row_number integer, code text, supplier_id uuid, '
            'name text, email text, phone text, lead_time_days integer, changed boolean)';
    PERFORM staging.keep_source(
        'supplier_source', check_suppliers.tenant_id, check_suppliers.batch_id
    );
    INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason)
    SELECT check_suppliers.tenant_id, check_suppliers.batch_id, s.row_number, e.column_name, e.value, e.reason
    FROM (
        SELECT s.*, min(s.row_number) OVER (PARTITION BY s.code) AS first_row
        FROM pg_temp.supplier_source_rows AS s
    ) AS s
    CROSS JOIN LATERAL (VALUES
        ('code', s.code, CASE WHEN s.first_row <> s.row_number THEN format('code also on row %s', s.first_row) END),
        ('lead_time_days', s.lead_time_days::text,
         CASE WHEN s.lead_time_days NOT BETWEEN 0 AND 3650 THEN 'must be 0 to 3650' END),
        ('code', s.code,
         CASE WHEN check_suppliers.mode = 'insert' AND s.changed
             THEN 'already exists with other values (use --mode upsert to change it)' END)
    ) AS e (column_name, value, reason)
    WHERE e.reason IS NOT NULL AND s.code IS NOT NULL
      AND s.row_number NOT IN (
          SELECT x.row_number FROM staging.import_error AS x
          WHERE x.tenant_id = check_suppliers.tenant_id AND x.batch_id = check_suppliers.batch_id AND x.row_number IS NOT NULL
      );
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$$;


--
-- Name: FUNCTION check_suppliers(tenant_id uuid, batch_id uuid, mode text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.check_suppliers(tenant_id uuid, batch_id uuid, mode text) IS 'Records the row errors of a suppliers batch (code twice, lead time out of range, an existing code with other values in insert mode) and returns how many.';


--
-- Name: customer_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.customer_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, code text, customer_id uuid, name text, email text, phone text, changed boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = customer_source.tenant_id AND b.id = customer_source.batch_id
    ),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.code) AS code, s AS old,
            CASE WHEN 'name' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.name) ELSE s.name END AS name,
            CASE WHEN 'email' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.email) ELSE s.email END
                AS email,
            CASE WHEN 'phone' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.phone) ELSE s.phone END
                AS phone
        FROM staging.customer_row AS r
        CROSS JOIN batch
        LEFT JOIN sales.customer AS s
            ON s.tenant_id = r.tenant_id AND s.code = staging.to_text(r.code) AND s.deleted_at IS NULL
        WHERE r.tenant_id = customer_source.tenant_id AND r.batch_id = customer_source.batch_id
    )
    SELECT t.row_number, t.code, (t.old).id, t.name, t.email, t.phone,
           (t.old).id IS NOT NULL AND (t.name, t.email, t.phone)
           IS DISTINCT FROM ((t.old).name, (t.old).email, (t.old).phone)
    FROM typed AS t
$$;


--
-- Name: FUNCTION customer_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.customer_source(tenant_id uuid, batch_id uuid) IS 'The rows of a customers batch typed and merged with the live customer of the same code; changed says whether applying would alter it.';


--
-- Name: cycle_count_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, sku text, product_id uuid, decimal_places smallint, warehouse text, warehouse_id uuid, location text, location_id uuid, batch_number text, lot_id uuid, counted_quantity numeric, reason text, on_hand numeric, reserved numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT
        r.row_number, staging.to_text(r.sku), p.id, u.decimal_places, staging.to_text(r.warehouse), w.id,
        staging.to_text(r.location), l.id, staging.to_text(r.batch_number), b.id,
        staging.to_decimal(r.counted_quantity), staging.to_text(r.reason),
        coalesce(i.on_hand, 0), coalesce(i.reserved, 0)
    FROM staging.cycle_count_row AS r
    LEFT JOIN catalog.product AS p
        ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    LEFT JOIN warehouse.location AS l
        ON l.tenant_id = r.tenant_id AND l.warehouse_id = w.id AND l.code = staging.to_text(r.location)
    LEFT JOIN catalog.product_batch AS b
        ON b.tenant_id = r.tenant_id AND b.product_id = p.id AND b.batch_number = staging.to_text(r.batch_number)
    LEFT JOIN inventory.inventory AS i
        ON i.tenant_id = r.tenant_id AND i.product_id = p.id AND i.location_id = l.id
       AND i.batch_id IS NOT DISTINCT FROM b.id AND i.deleted_at IS NULL
    WHERE r.tenant_id = cycle_count_source.tenant_id AND r.batch_id = cycle_count_source.batch_id
$$;


--
-- Name: FUNCTION cycle_count_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid) IS 'The rows of a cycle-count batch typed, with the product, location and batch they name and that balance''s on_hand and reserved now.';


--
-- Name: cycle_count_warehouses(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.cycle_count_warehouses(tenant_id uuid, batch_id uuid) RETURNS uuid[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT array_agg(DISTINCT w.id)
    FROM staging.cycle_count_row AS r
    JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    WHERE r.tenant_id = cycle_count_warehouses.tenant_id AND r.batch_id = cycle_count_warehouses.batch_id
$$;


--
-- Name: FUNCTION cycle_count_warehouses(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.cycle_count_warehouses(tenant_id uuid, batch_id uuid) IS 'The ids of the known warehouses a cycle-count batch''s rows name (NULL when none).';


--
-- Name: export_rows(text, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.export_rows(kind text, warehouse text DEFAULT NULL::text) RETURNS SETOF jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_kind text;
    v_warehouse_id uuid;
BEGIN
    SELECT k.kind INTO v_kind FROM staging.require_kind(export_rows.kind) AS k;
    IF export_rows.warehouse IS NOT NULL THEN
        IF v_kind NOT IN ('locations', 'cycle_counts') THEN
            RAISE EXCEPTION 'an export of % takes no warehouse', v_kind
                USING ERRCODE = '22023',
                      DETAIL = format('warehouse => %s.', left(export_rows.warehouse, 100)),
                      HINT = 'Only locations and cycle_counts are per warehouse; leave the warehouse out.';
        END IF;
        SELECT w.id INTO v_warehouse_id
        FROM warehouse.warehouse AS w
        WHERE w.tenant_id = v_tenant_id AND w.code = export_rows.warehouse;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'warehouse % not found', left(export_rows.warehouse, 100)
                USING ERRCODE = 'SD404',
                      DETAIL = 'No warehouse with this code belongs to the calling tenant.',
                      HINT = 'Pass the warehouse''s code, as the warehouse column of a locations or count sheet spells it.';
        END IF;
    END IF;
    CASE v_kind
        WHEN 'categories' THEN
            RETURN QUERY
            SELECT jsonb_build_object('path', cp.name_path)
            FROM catalog.category_paths(v_tenant_id) AS cp
            ORDER BY cp.name_path;
        WHEN 'products' THEN
            RETURN QUERY
            SELECT jsonb_build_object(
                'sku', p.sku, 'name', p.name, 'description', p.description, 'category', cp.name_path,
                'unit', p.unit, 'barcode', p.barcode, 'unit_price_minor', p.unit_price_minor,
                'currency', p.currency, 'min_stock_level', trim_scale(p.min_stock_level),
                'reorder_point', trim_scale(p.reorder_point), 'safety_stock_level', trim_scale(p.safety_stock_level),
                'max_stock_level', trim_scale(p.max_stock_level), 'lead_time_days', p.lead_time_days,
                'hs_code', p.hs_code, 'country_of_origin', p.country_of_origin, 'active', p.active
            )
            FROM catalog.product AS p
            LEFT JOIN catalog.category_paths(v_tenant_id) AS cp ON cp.id = p.category_id
            WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL
            ORDER BY p.sku;
        WHEN 'prices' THEN
            RETURN QUERY
            -- The priced ones: a prices import sets a price, and a row without
            -- one would be refused (a product's price is cleared in products).
            SELECT jsonb_build_object('sku', p.sku, 'unit_price_minor', p.unit_price_minor, 'currency', p.currency)
            FROM catalog.product AS p
            WHERE p.tenant_id = v_tenant_id AND p.deleted_at IS NULL AND p.unit_price_minor IS NOT NULL
            ORDER BY p.sku;
        WHEN 'suppliers' THEN
            RETURN QUERY
            SELECT jsonb_build_object(
                'code', s.code, 'name', s.name, 'email', s.email, 'phone', s.phone,
                'lead_time_days', s.lead_time_days
            )
            FROM procurement.supplier AS s
            WHERE s.tenant_id = v_tenant_id AND s.deleted_at IS NULL
            ORDER BY s.code;
        WHEN 'customers' THEN
            RETURN QUERY
            SELECT jsonb_build_object('code', c.code, 'name', c.name, 'email', c.email, 'phone', c.phone)
            FROM sales.customer AS c
            WHERE c.tenant_id = v_tenant_id AND c.deleted_at IS NULL
            ORDER BY c.code;
        WHEN 'locations' THEN
            RETURN QUERY
            SELECT jsonb_build_object(
                'warehouse', w.code, 'code', l.code, 'kind', l.kind, 'capacity', trim_scale(l.capacity),
                'active', l.active
            )
            FROM warehouse.location AS l
            JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
            WHERE l.tenant_id = v_tenant_id AND (v_warehouse_id IS NULL OR w.id = v_warehouse_id)
            ORDER BY w.code, l.code;
        WHEN 'cycle_counts' THEN
            -- A count sheet: every place and batch that holds stock, in walking
            -- order, with counted_quantity left for the counter to fill in. The
            -- book quantity is not on it (a count that sees it copies it), and
            -- a row left empty is refused by the import, so none is skipped.
            RETURN QUERY
            SELECT jsonb_build_object(
                'sku', p.sku, 'warehouse', w.code, 'location', l.code, 'batch_number', b.batch_number,
                'counted_quantity', NULL, 'reason', NULL
            )
            FROM inventory.inventory AS i
            JOIN catalog.product AS p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
            JOIN warehouse.location AS l ON l.tenant_id = i.tenant_id AND l.id = i.location_id
            JOIN warehouse.warehouse AS w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
            LEFT JOIN catalog.product_batch AS b ON b.tenant_id = i.tenant_id AND b.id = i.batch_id
            WHERE i.tenant_id = v_tenant_id AND i.on_hand <> 0 AND p.deleted_at IS NULL
              AND (v_warehouse_id IS NULL OR w.id = v_warehouse_id)
            ORDER BY w.code, l.code, p.sku, b.batch_number NULLS FIRST;
        ELSE
            RAISE EXCEPTION 'an import of % has no rows to export', v_kind
                USING ERRCODE = '22023',
                      DETAIL = 'Opening stock and purchase orders add stock or documents: imported back, '
                               'exported rows would add them twice.',
                      HINT = 'Export categories, products, prices, suppliers, customers, locations or '
                             'cycle_counts (a count sheet); stockdb import template KIND gives the empty sheet.';
    END CASE;
END
$$;


--
-- Name: FUNCTION export_rows(kind text, warehouse text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.export_rows(kind text, warehouse text) IS 'The calling tenant''s current rows of an import kind (categories, products, prices of the priced products, suppliers, customers, locations), one JSON object per row keyed by the import''s columns, in the spellings the import reads back; for cycle_counts a count sheet, each place and batch holding stock with counted_quantity empty. A warehouse code narrows locations and cycle_counts to that warehouse. Errors: 42501 without a tenant context, 22023 an unknown kind, one that adds stock or documents, or a warehouse for a kind that is not per warehouse, SD404 an unknown warehouse.';


--
-- Name: finish_batch(uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.finish_batch(batch_id uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_tenant_id uuid := auth.require_tenant();
    v_batch staging.import_batch;
    v_kind staging.import_kind;
    v_rows integer;
    v_rows_text text;
    v_errors integer := 0;
    v_inserted integer := 0;
    v_updated integer := 0;
    v_unchanged integer := 0;
    v_status staging.batch_status;
    v_failure jsonb;
    v_state text;
    v_message text;
    v_detail text;
    v_hint text;
    v_staged_at timestamptz;
    v_validated_at timestamptz;
    v_checked_at timestamptz;
    v_import_key bigint;
BEGIN
    SELECT * INTO v_batch FROM staging.import_batch AS b
    WHERE b.tenant_id = v_tenant_id AND b.id = finish_batch.batch_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'import batch % does not exist', finish_batch.batch_id
            USING ERRCODE = 'SD404',
                  DETAIL = 'No staging.import_batch row with this id for the current tenant.',
                  HINT = 'Open a batch with staging.begin_batch first.';
    END IF;
    IF v_batch.status <> 'loading' THEN
        RAISE EXCEPTION 'import batch % is already %', v_batch.id, v_batch.status
            USING ERRCODE = 'SD003',
                  DETAIL = format('It finished at %s.', v_batch.finished_at),
                  HINT = 'Import the file again to start a new batch.';
    END IF;
    SELECT * INTO STRICT v_kind FROM staging.import_kind AS k WHERE k.kind = v_batch.kind;
    -- clock_timestamp, not now(): the whole import is one transaction.
    v_staged_at := clock_timestamp();
    -- One import of the catalogue, partners or orders at a time per tenant,
    -- from its check to its commit (staging.import_lock_key says why). A
    -- waiting import holds nothing an api call needs; the notice says why it
    -- waits.
    v_import_key := staging.import_lock_key(v_tenant_id, v_kind.kind);
    IF v_import_key IS NOT NULL AND NOT pg_try_advisory_xact_lock(v_import_key) THEN
        RAISE NOTICE 'waiting for the import running in this tenant to finish';
        PERFORM pg_advisory_xact_lock(v_import_key);
    END IF;

    EXECUTE format('SELECT count(*) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2', v_kind.row_table)
    INTO v_rows USING v_tenant_id, v_batch.id;
    IF v_rows = 0 THEN
        INSERT INTO staging.import_error (tenant_id, batch_id, reason)
        VALUES (v_tenant_id, v_batch.id, 'the sheet has a header but no data rows');
        v_errors := 1;
    ELSE
        -- Each phase of a large batch takes seconds to minutes: a notice says
        -- which one is running (the CLI prints them after its progress bar).
        v_rows_text := to_char(v_rows, 'FM999,999,999')
                       || CASE WHEN v_rows = 1 THEN ' row' ELSE ' rows' END;
        RAISE NOTICE 'validating the cells of %', v_rows_text;
        PERFORM staging.refresh_statistics(v_kind.kind);
        v_errors := staging.validate_cells(v_tenant_id, v_batch.id);
        v_validated_at := clock_timestamp();
        RAISE NOTICE 'checking % against the % rules', v_rows_text, v_kind.kind;
        EXECUTE format('SELECT staging.%I($1, $2, $3)', 'check_' || v_kind.kind)
        INTO v_rows USING v_tenant_id, v_batch.id, v_batch.mode;
        v_errors := v_errors + v_rows;
        EXECUTE format('SELECT count(*) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2',
                       v_kind.row_table)
        INTO v_rows USING v_tenant_id, v_batch.id;
        v_checked_at := clock_timestamp();
    END IF;

    IF v_errors > 0 THEN
        v_status := 'rejected';
    ELSE
        BEGIN
            RAISE NOTICE 'applying %', v_rows_text;
            EXECUTE format('SELECT a.inserted, a.updated, a.unchanged FROM staging.%I($1, $2, $3) AS a',
                           'apply_' || v_kind.kind)
            INTO v_inserted, v_updated, v_unchanged USING v_tenant_id, v_batch.id, v_batch.mode;
            IF v_batch.dry_run THEN
                -- Undo the apply: only the counts (plain variables) survive.
                RAISE EXCEPTION USING ERRCODE = 'SD900';
            END IF;
            v_status := 'applied';
        EXCEPTION
            WHEN SQLSTATE 'SD900' THEN
                v_status := 'validated';
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT,
                                        v_detail = PG_EXCEPTION_DETAIL, v_hint = PG_EXCEPTION_HINT;
                -- The check judged each key against the rows committed when it
                -- ran: one added since by an api call (create_product, say)
                -- makes the insert fail; a run after that call sees the row.
                IF v_state = '23505' AND coalesce(v_hint, '') = '' THEN
                    v_hint := 'If another session added this row while the import ran, import the file '
                              'again: it will find the row there.';
                END IF;
                v_status := 'failed';
                v_failure := jsonb_strip_nulls(jsonb_build_object(
                    'sqlstate', v_state, 'message', v_message,
                    'detail', nullif(v_detail, ''), 'hint', nullif(v_hint, '')
                ));
                v_inserted := 0;
                v_updated := 0;
                v_unchanged := 0;
        END;
    END IF;

    UPDATE staging.import_batch AS b
    SET status = v_status, row_count = v_rows, error_count = v_errors, failure = v_failure,
        inserted = v_inserted, updated = v_updated, unchanged = v_unchanged,
        staged_at = v_staged_at, validated_at = v_validated_at, checked_at = v_checked_at,
        finished_at = clock_timestamp()
    WHERE b.tenant_id = v_tenant_id AND b.id = v_batch.id
    RETURNING * INTO v_batch;
    RETURN to_jsonb(v_batch) - 'tenant_id';
END
$_$;


--
-- Name: FUNCTION finish_batch(batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.finish_batch(batch_id uuid) IS 'Validates a loaded import batch (every cell, then the kind''s rules) and applies it when nothing is wrong, in the caller''s transaction: status becomes rejected (errors in staging.import_error, nothing applied), validated (dry run), applied, or failed (the apply raised; nothing applied, the error in failure). Returns the batch, with when each phase ended (staged_at, validated_at, checked_at, finished_at). Errors: 42501, SD404 unknown batch, SD003 batch already finished.';


--
-- Name: import_lock_key(uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.import_lock_key(tenant_id uuid, kind text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN import_lock_key.kind NOT IN ('opening_stock', 'cycle_counts')
            THEN pg_catalog.hashtextextended('imports/' || import_lock_key.tenant_id::text, 0)
    END
$$;


--
-- Name: FUNCTION import_lock_key(tenant_id uuid, kind text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.import_lock_key(tenant_id uuid, kind text) IS 'The transaction-lock key staging.finish_batch holds while it checks and applies an import of KIND: one per tenant for every kind but opening_stock and cycle_counts (which hold their warehouses), NULL for those two.';


--
-- Name: keep_source(text, uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_table text := keep_source.source_name || '_rows';
    v_mark text := keep_source.tenant_id || '/' || keep_source.batch_id;
    v_kept regclass;
BEGIN
    IF keep_source.source_name NOT LIKE '%\_source' OR NOT coalesce((
        SELECT p.proretset FROM pg_catalog.pg_proc AS p
        WHERE p.oid = to_regprocedure(format('staging.%I(uuid, uuid)', keep_source.source_name))
    ), false) THEN
        RAISE EXCEPTION 'staging.%(uuid, uuid) is not a source of import rows', keep_source.source_name
            USING ERRCODE = '22023',
                  DETAIL = 'keep_source keeps the rows of a staging.<kind>_source function.',
                  HINT = 'Pass the name of one, such as product_source.';
    END IF;
    v_kept := to_regclass(format('pg_temp.%I', v_table));
    IF v_kept IS NOT NULL THEN
        IF NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_class AS c
            WHERE c.oid = v_kept
              AND c.relowner = (SELECT r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = current_user)
        ) THEN
            RAISE EXCEPTION 'pg_temp.% belongs to another role', v_table
                USING ERRCODE = '42501',
                      DETAIL = 'An import keeps its typed rows in a temporary table of this name.',
                      HINT = 'Drop that temporary table, or import from another session.';
        END IF;
        IF obj_description(v_kept, 'pg_class') = v_mark THEN
            RETURN;
        END IF;
        EXECUTE format('DROP TABLE pg_temp.%I', v_table);
    END IF;
    EXECUTE format(
        'CREATE TEMPORARY TABLE %I ON COMMIT DROP AS SELECT * FROM staging.%I(%L::uuid, %L::uuid)',
        v_table, keep_source.source_name, keep_source.tenant_id, keep_source.batch_id
    );
    EXECUTE format('COMMENT ON TABLE pg_temp.%I IS %L', v_table, v_mark);
    -- The statements that read it are planned for its real size, not for
    -- the 1,000 rows assumed of a function.
    EXECUTE format('ANALYZE pg_temp.%I', v_table);
END
$$;


--
-- Name: FUNCTION keep_source(source_name text, tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid) IS 'Evaluates staging.<source_name>(tenant, batch) once per batch and transaction into the temporary table pg_temp.<source_name>_rows, which the kind''s check and apply read. 22023 for a name that is no source, 42501 when a table of that name belongs to another role.';


--
-- Name: location_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.location_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, warehouse text, warehouse_id uuid, warehouse_active boolean, code text, location_id uuid, kind text, capacity numeric, active boolean, changed boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = location_source.tenant_id AND b.id = location_source.batch_id
    ),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.warehouse) AS warehouse, w.id AS warehouse_id,
            w.active AS warehouse_active, staging.to_text(r.code) AS code, l AS old,
            CASE WHEN 'kind' = ANY (batch.c) OR l.id IS NULL
                THEN coalesce(lower(staging.to_text(r.kind)), 'storage') ELSE l.kind::text END AS kind,
            CASE WHEN 'capacity' = ANY (batch.c) OR l.id IS NULL
                THEN staging.to_decimal(r.capacity) ELSE l.capacity END AS capacity,
            CASE WHEN 'active' = ANY (batch.c) OR l.id IS NULL
                THEN coalesce(staging.to_boolean(r.active), TRUE) ELSE l.active END AS active
        FROM staging.location_row AS r
        CROSS JOIN batch
        LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
        LEFT JOIN warehouse.location AS l
            ON l.tenant_id = r.tenant_id AND l.warehouse_id = w.id AND l.code = staging.to_text(r.code)
        WHERE r.tenant_id = location_source.tenant_id AND r.batch_id = location_source.batch_id
    )
    SELECT t.row_number, t.warehouse, t.warehouse_id, t.warehouse_active, t.code, (t.old).id, t.kind,
           t.capacity, t.active,
           (t.old).id IS NOT NULL
           AND (t.kind, t.capacity, t.active) IS DISTINCT FROM ((t.old).kind::text, (t.old).capacity, (t.old).active)
    FROM typed AS t
$$;


--
-- Name: FUNCTION location_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.location_source(tenant_id uuid, batch_id uuid) IS 'The rows of a locations batch typed, with the warehouse they name and the location of that code in it; changed says whether applying would alter that location.';


--
-- Name: lock_named_products(uuid, uuid, text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.lock_named_products(tenant_id uuid, batch_id uuid, row_table text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
BEGIN
    EXECUTE format(
        'SELECT count(*) FROM ('
        '    SELECT FROM catalog.product AS p'
        '    WHERE p.tenant_id = $1 AND p.deleted_at IS NULL AND p.sku IN ('
        '        SELECT staging.to_text(r.sku) FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2'
        '    )'
        '    ORDER BY p.id'
        '    FOR KEY SHARE OF p'
        ') AS l',
        lock_named_products.row_table
    )
    USING lock_named_products.tenant_id, lock_named_products.batch_id;
END
$_$;


--
-- Name: FUNCTION lock_named_products(tenant_id uuid, batch_id uuid, row_table text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.lock_named_products(tenant_id uuid, batch_id uuid, row_table text) IS 'Locks FOR KEY SHARE, to the end of the transaction, the live products the rows of an import batch (in staging.ROW_TABLE) name by SKU, so their units stay as the check reads them.';


--
-- Name: opening_stock_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.opening_stock_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, sku text, product_id uuid, decimal_places smallint, product_currency text, warehouse text, warehouse_id uuid, location text, location_id uuid, quantity numeric, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency text, product_batch_id uuid, known_manufacture_date date, known_expiry_date date)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT
        r.row_number, staging.to_text(r.sku), p.id, u.decimal_places, p.currency::text,
        staging.to_text(r.warehouse), w.id, staging.to_text(r.location), l.id, staging.to_decimal(r.quantity),
        staging.to_text(r.batch_number), staging.to_date(r.manufacture_date), staging.to_date(r.expiry_date),
        staging.to_integer(r.unit_cost_minor), coalesce(staging.to_currency(r.currency), p.currency::text),
        b.id, b.manufacture_date, b.expiry_date
    FROM staging.opening_stock_row AS r
    LEFT JOIN catalog.product AS p
        ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    LEFT JOIN warehouse.warehouse AS w ON w.tenant_id = r.tenant_id AND w.code = staging.to_text(r.warehouse)
    LEFT JOIN warehouse.location AS l
        ON l.tenant_id = r.tenant_id AND l.warehouse_id = w.id AND l.code = staging.to_text(r.location)
    LEFT JOIN catalog.product_batch AS b
        ON b.tenant_id = r.tenant_id AND b.product_id = p.id AND b.batch_number = staging.to_text(r.batch_number)
    WHERE r.tenant_id = opening_stock_source.tenant_id AND r.batch_id = opening_stock_source.batch_id
$$;


--
-- Name: FUNCTION opening_stock_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.opening_stock_source(tenant_id uuid, batch_id uuid) IS 'The rows of an opening-stock batch typed, with the product, warehouse, location and existing batch they name.';


--
-- Name: product_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.product_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, sku text, product_id uuid, category_path text, category_found boolean, name text, description text, category_id uuid, unit text, barcode text, unit_price_minor bigint, currency text, min_stock_level numeric, reorder_point numeric, safety_stock_level numeric, max_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin text, active boolean, changed boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = product_source.tenant_id AND b.id = product_source.batch_id
    ),
    paths AS (SELECT cp.id, cp.name_path FROM catalog.category_paths(product_source.tenant_id) AS cp),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.sku) AS sku, p AS old,
            staging.to_path(staging.to_text(r.category)) AS category_path, cat.id AS category_id,
            CASE WHEN p.id IS NULL OR 'name' = ANY (batch.c) THEN staging.to_text(r.name) ELSE p.name END AS name,
            CASE WHEN p.id IS NULL OR 'description' = ANY (batch.c)
                THEN staging.to_text(r.description) ELSE p.description END AS description,
            CASE WHEN p.id IS NULL OR 'category' = ANY (batch.c)
                THEN cat.id ELSE p.category_id END AS new_category_id,
            CASE WHEN p.id IS NULL OR 'unit' = ANY (batch.c)
                THEN coalesce(lower(staging.to_text(r.unit)), 'ea') ELSE p.unit END AS unit,
            CASE WHEN p.id IS NULL OR 'barcode' = ANY (batch.c) THEN staging.to_text(r.barcode) ELSE p.barcode END
                AS barcode,
            CASE WHEN p.id IS NULL OR 'unit_price_minor' = ANY (batch.c)
                THEN staging.to_integer(r.unit_price_minor) ELSE p.unit_price_minor END AS unit_price_minor,
            CASE WHEN p.id IS NULL OR 'currency' = ANY (batch.c)
                THEN staging.to_currency(r.currency) ELSE p.currency::text END AS currency,
            CASE WHEN p.id IS NULL OR 'min_stock_level' = ANY (batch.c)
                THEN coalesce(staging.to_decimal(r.min_stock_level), 0) ELSE p.min_stock_level END AS min_stock_level,
            CASE WHEN p.id IS NULL OR 'reorder_point' = ANY (batch.c)
                THEN coalesce(staging.to_decimal(r.reorder_point), 0) ELSE p.reorder_point END AS reorder_point,
            CASE WHEN p.id IS NULL OR 'safety_stock_level' = ANY (batch.c)
                THEN coalesce(staging.to_decimal(r.safety_stock_level), 0) ELSE p.safety_stock_level END
                AS safety_stock_level,
            CASE WHEN p.id IS NULL OR 'max_stock_level' = ANY (batch.c)
                THEN staging.to_decimal(r.max_stock_level) ELSE p.max_stock_level END AS max_stock_level,
            CASE WHEN p.id IS NULL OR 'lead_time_days' = ANY (batch.c)
                THEN coalesce(staging.to_integer(r.lead_time_days), 0) ELSE p.lead_time_days END AS lead_time_days,
            CASE WHEN p.id IS NULL OR 'hs_code' = ANY (batch.c) THEN staging.to_text(r.hs_code) ELSE p.hs_code END
                AS hs_code,
            CASE WHEN p.id IS NULL OR 'country_of_origin' = ANY (batch.c)
                THEN staging.to_text(r.country_of_origin) ELSE p.country_of_origin::text END AS country_of_origin,
            CASE WHEN p.id IS NULL OR 'active' = ANY (batch.c)
                THEN coalesce(staging.to_boolean(r.active), TRUE) ELSE p.active END AS active
        FROM staging.product_row AS r
        CROSS JOIN batch
        LEFT JOIN paths AS cat ON cat.name_path = staging.to_path(staging.to_text(r.category))
        LEFT JOIN catalog.product AS p
            ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
        WHERE r.tenant_id = product_source.tenant_id AND r.batch_id = product_source.batch_id
    )
    SELECT
        t.row_number, t.sku, (t.old).id, t.category_path, t.category_id IS NOT NULL,
        t.name, t.description, t.new_category_id, t.unit, t.barcode, t.unit_price_minor, t.currency,
        t.min_stock_level, t.reorder_point, t.safety_stock_level, t.max_stock_level, t.lead_time_days,
        t.hs_code, t.country_of_origin, t.active,
        (t.old).id IS NOT NULL AND (
            t.name, t.description, t.new_category_id, t.unit, t.barcode, t.unit_price_minor, t.currency,
            t.min_stock_level, t.reorder_point, t.safety_stock_level, t.max_stock_level, t.lead_time_days,
            t.hs_code, t.country_of_origin, t.active
        ) IS DISTINCT FROM (
            (t.old).name, (t.old).description, (t.old).category_id, (t.old).unit, (t.old).barcode,
            (t.old).unit_price_minor, (t.old).currency::text, (t.old).min_stock_level, (t.old).reorder_point,
            (t.old).safety_stock_level, (t.old).max_stock_level, (t.old).lead_time_days, (t.old).hs_code,
            (t.old).country_of_origin::text, (t.old).active
        )
    FROM typed AS t
$$;


--
-- Name: FUNCTION product_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.product_source(tenant_id uuid, batch_id uuid) IS 'The rows of a products batch typed and merged with the live product of the same SKU (columns the sheet lacks keep the product''s values); changed says whether applying would alter that product.';


--
-- Name: purchase_order_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, po_number text, existing_order_id uuid, supplier text, supplier_id uuid, currency text, expected_date date, sku text, product_id uuid, decimal_places smallint, quantity numeric, unit_cost_minor bigint, notes text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT
        r.row_number, staging.to_text(r.po_number), po.id, staging.to_text(r.supplier), s.id,
        staging.to_currency(r.currency), staging.to_date(r.expected_date), staging.to_text(r.sku), p.id,
        u.decimal_places, staging.to_decimal(r.quantity), staging.to_integer(r.unit_cost_minor),
        staging.to_text(r.notes)
    FROM staging.purchase_order_row AS r
    LEFT JOIN procurement.purchase_order AS po
        ON po.tenant_id = r.tenant_id AND po.number = staging.to_text(r.po_number)
    LEFT JOIN procurement.supplier AS s
        ON s.tenant_id = r.tenant_id AND s.code = staging.to_text(r.supplier) AND s.deleted_at IS NULL
    LEFT JOIN catalog.product AS p
        ON p.tenant_id = r.tenant_id AND p.sku = staging.to_text(r.sku) AND p.deleted_at IS NULL
    LEFT JOIN catalog.unit AS u ON u.code = p.unit
    WHERE r.tenant_id = purchase_order_source.tenant_id AND r.batch_id = purchase_order_source.batch_id
$$;


--
-- Name: FUNCTION purchase_order_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid) IS 'The rows of a purchase-orders batch typed, with the supplier, product and any existing order they name.';


--
-- Name: refresh_statistics(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.refresh_statistics(kind text) RETURNS text[]
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_staging regclass := format('staging.%I', (staging.require_kind(refresh_statistics.kind)).row_table);
    v_table regclass;
    v_analysed text[] := '{}';
BEGIN
    FOR v_table IN
        SELECT c.oid::regclass
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_stat_all_tables AS s ON s.relid = c.oid
        CROSS JOIN LATERAL (
            SELECT current_setting('autovacuum_analyze_threshold')::float8
                   + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
                       AS threshold
        ) AS t
        WHERE c.oid = v_staging
              AND s.n_mod_since_analyze + pg_stat_get_xact_tuples_inserted(c.oid) > t.threshold
           OR c.oid = ANY (ARRAY[
                  'catalog.product', 'catalog.product_batch', 'catalog.product_category', 'warehouse.location',
                  'procurement.supplier', 'procurement.purchase_order', 'sales.customer', 'inventory.inventory'
              ]::regclass[])
              AND abs(s.n_live_tup - greatest(c.reltuples, 0)) > t.threshold
        ORDER BY c.oid
    LOOP
        EXECUTE format('ANALYZE %s', v_table);
        v_analysed := v_analysed || v_table::text;
    END LOOP;
    RETURN v_analysed;
END
$$;


--
-- Name: FUNCTION refresh_statistics(kind text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.refresh_statistics(kind text) IS 'Analyses the staging table of an import kind when the rows added to it since its last analyse (this transaction''s included) pass autovacuum''s analyse threshold, and those of the tables imports look rows up in (products, batches, categories, locations, suppliers, orders, customers, balances) whose size has moved past it; returns the tables analysed. 22023 for an unknown kind.';


--
-- Name: require_kind(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- Bounded before it goes into the message.
    PERFORM ops.require_length(require_kind.name, 'kind', 100);
    SELECT k.kind, k.row_table, k.modes INTO kind, row_table, modes
    FROM staging.import_kind AS k WHERE k.kind = require_kind.name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import kind %', coalesce(require_kind.name, 'NULL')
            USING ERRCODE = '22023',
                  DETAIL = format('Known kinds: %s.',
                                  (SELECT string_agg(k.kind, ', ' ORDER BY k.kind) FROM staging.import_kind AS k)),
                  HINT = 'Pass one of the known kinds.';
    END IF;
END
$$;


--
-- Name: FUNCTION require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]) IS 'The import kind of this name (its kind, row table and modes); 22023 listing the known kinds when there is none.';


--
-- Name: supplier_source(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.supplier_source(tenant_id uuid, batch_id uuid) RETURNS TABLE(row_number integer, code text, supplier_id uuid, name text, email text, phone text, lead_time_days integer, changed boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH batch AS (
        SELECT b.columns AS c FROM staging.import_batch AS b
        WHERE b.tenant_id = supplier_source.tenant_id AND b.id = supplier_source.batch_id
    ),
    typed AS (
        SELECT
            r.row_number, staging.to_text(r.code) AS code, s AS old,
            CASE WHEN 'name' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.name) ELSE s.name END AS name,
            CASE WHEN 'email' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.email) ELSE s.email END
                AS email,
            CASE WHEN 'phone' = ANY (batch.c) OR s.id IS NULL THEN staging.to_text(r.phone) ELSE s.phone END
                AS phone,
            CASE WHEN 'lead_time_days' = ANY (batch.c) OR s.id IS NULL
                THEN staging.to_integer(r.lead_time_days)::integer ELSE s.lead_time_days END AS lead_time_days
        FROM staging.supplier_row AS r
        CROSS JOIN batch
        LEFT JOIN procurement.supplier AS s
            ON s.tenant_id = r.tenant_id AND s.code = staging.to_text(r.code) AND s.deleted_at IS NULL
        WHERE r.tenant_id = supplier_source.tenant_id AND r.batch_id = supplier_source.batch_id
    )
    SELECT t.row_number, t.code, (t.old).id, t.name, t.email, t.phone, t.lead_time_days,
           (t.old).id IS NOT NULL AND (t.name, t.email, t.phone, t.lead_time_days)
           IS DISTINCT FROM ((t.old).name, (t.old).email, (t.old).phone, (t.old).lead_time_days)
    FROM typed AS t
$$;


--
-- Name: FUNCTION supplier_source(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.supplier_source(tenant_id uuid, batch_id uuid) IS 'The rows of a suppliers batch typed and merged with the live supplier of the same code; changed says whether applying would alter it.';


--
-- Name: to_boolean(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_boolean(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE pg_catalog.lower(pg_catalog.btrim(value))
        WHEN 'true' THEN TRUE WHEN 'yes' THEN TRUE WHEN 'y' THEN TRUE WHEN '1' THEN TRUE
        WHEN 'false' THEN FALSE WHEN 'no' THEN FALSE WHEN 'n' THEN FALSE WHEN '0' THEN FALSE
    END
$$;


--
-- Name: FUNCTION to_boolean(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_boolean(value text) IS 'true/yes/y/1 and false/no/n/0, any case, as boolean; NULL otherwise.';


--
-- Name: to_currency(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_currency(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT CASE WHEN pg_catalog.btrim(value) ~ '^[A-Za-z]{3}$' THEN pg_catalog.upper(pg_catalog.btrim(value)) END
$_$;


--
-- Name: FUNCTION to_currency(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_currency(value text) IS 'Three letters as an upper-case ISO 4217 code; NULL otherwise.';


--
-- Name: to_date(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_date(value text) RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $_$
    SELECT CASE
        WHEN pg_catalog.btrim(value) ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]00:00(:00)?)?$' THEN
            CASE
                WHEN pg_catalog.substr(pg_catalog.btrim(value), 9, 2)::integer <= pg_catalog.date_part(
                    'day', (pg_catalog.substr(pg_catalog.btrim(value), 1, 8) || '01')::date + interval '1 month - 1 day'
                )
                    THEN pg_catalog.substr(pg_catalog.btrim(value), 1, 10)::date
            END
        WHEN pg_catalog.btrim(value) ~ '^[0-9]{1,7}$' THEN
            CASE
                WHEN pg_catalog.btrim(value)::integer BETWEEN 61 AND 2958465
                    THEN date '1899-12-30' + pg_catalog.btrim(value)::integer
            END
    END
$_$;


--
-- Name: FUNCTION to_date(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_date(value text) IS 'The cell as a date: YYYY-MM-DD or an Excel serial day number (61 = 1900-03-01); NULL otherwise.';


--
-- Name: to_decimal(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_decimal(value text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT CASE
        WHEN pg_catalog.btrim(value) ~ '^[-+]?([0-9]{1,11}|[0-9]{1,3}(,[0-9]{3}){1,3})(\.[0-9]{1,3})?$'
            THEN pg_catalog.replace(pg_catalog.btrim(value), ',', '')::numeric(14, 3)
    END
$_$;


--
-- Name: FUNCTION to_decimal(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_decimal(value text) IS 'The cell as numeric(14,3), accepting thousands commas; NULL when it is not a number with at most 11 digits before and 3 after the point.';


--
-- Name: to_integer(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_integer(value text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT CASE
        WHEN pg_catalog.btrim(value) ~ '^[-+]?([0-9]{1,15}|[0-9]{1,3}(,[0-9]{3}){1,4})$'
            THEN pg_catalog.replace(pg_catalog.btrim(value), ',', '')::bigint
    END
$_$;


--
-- Name: FUNCTION to_integer(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_integer(value text) IS 'The cell as bigint, accepting thousands commas; NULL when it is not a whole number of at most 15 digits.';


--
-- Name: to_path(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_path(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN pg_catalog.strpos(value, ' ') = 0 THEN value
        ELSE pg_catalog.regexp_replace(pg_catalog.btrim(value), ' */ *', '/', 'g')
    END
$$;


--
-- Name: FUNCTION to_path(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_path(value text) IS 'A /-separated category path with every name trimmed.';


--
-- Name: to_text(text); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.to_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT NULLIF(pg_catalog.btrim(value), '')
$$;


--
-- Name: FUNCTION to_text(value text); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.to_text(value text) IS 'The cell trimmed, NULL when blank.';


--
-- Name: validate_cells(uuid, uuid); Type: FUNCTION; Schema: staging; Owner: -
--

CREATE FUNCTION staging.validate_cells(tenant_id uuid, batch_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    v_kind staging.import_kind;
    v_names text;
    v_values text;
    v_problems text;
    v_count integer;
BEGIN
    SELECT k.* INTO STRICT v_kind
    FROM staging.import_batch AS b JOIN staging.import_kind AS k ON k.kind = b.kind
    WHERE b.tenant_id = validate_cells.tenant_id AND b.id = validate_cells.batch_id;

    SELECT string_agg(format('%L', c.column_name), ', ' ORDER BY c.position),
           string_agg(format('r.%I', c.column_name), ', ' ORDER BY c.position),
           string_agg(
               format('staging.cell_problem(r.%I, %L, %L, %L, %L, %L::text[], %L)',
                      c.column_name, c.data_type, c.required, c.max_length, c.pattern,
                      staging.allowed_values(c.value_list), c.description),
               ', ' ORDER BY c.position)
    INTO v_names, v_values, v_problems
    FROM staging.import_column AS c WHERE c.kind = v_kind.kind;

    -- OFFSET 0 keeps the problems array computed once per row, not once per use.
    EXECUTE format(
        'INSERT INTO staging.import_error (tenant_id, batch_id, row_number, column_name, value, reason) '
        'SELECT r.tenant_id, r.batch_id, r.row_number, c.column_name, c.value, c.problem '
        'FROM (SELECT r.tenant_id, r.batch_id, r.row_number, ARRAY[%s]::text[] AS cells, '
        '             ARRAY[%s]::text[] AS problems '
        '      FROM staging.%I AS r WHERE r.tenant_id = $1 AND r.batch_id = $2 OFFSET 0) AS r '
        'CROSS JOIN LATERAL unnest(ARRAY[%s]::text[], r.cells, r.problems) AS c (column_name, value, problem) '
        'WHERE num_nonnulls(VARIADIC r.problems) > 0 AND c.problem IS NOT NULL '
        'ORDER BY r.row_number',
        v_values, v_problems, v_kind.row_table, v_names
    ) USING validate_cells.tenant_id, validate_cells.batch_id;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$_$;


--
-- Name: FUNCTION validate_cells(tenant_id uuid, batch_id uuid); Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON FUNCTION staging.validate_cells(tenant_id uuid, batch_id uuid) IS 'Records an error for every cell of the batch that does not fit its column (required, type, length, pattern, allowed values) and returns how many.';


--
-- Name: require_location(uuid, uuid, text); Type: FUNCTION; Schema: warehouse; Owner: -
--

CREATE FUNCTION warehouse.require_location(tenant_id uuid, location_id uuid, argument text DEFAULT 'location_id'::text) RETURNS warehouse.location
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_location warehouse.location;
    v_warehouse_code text;
BEGIN
    IF require_location.location_id IS NULL THEN
        RAISE EXCEPTION '% must not be null', require_location.argument
            USING ERRCODE = '22023', HINT = 'Pass the id of one of your locations.';
    END IF;
    SELECT l.* INTO v_location
    FROM warehouse.location AS l
    WHERE l.tenant_id = require_location.tenant_id AND l.id = require_location.location_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'location % not found', require_location.location_id
            USING ERRCODE = 'SD404',
                  DETAIL = format('%s names no location of the calling tenant.', require_location.argument),
                  HINT = 'Check the id.';
    END IF;
    IF NOT v_location.active THEN
        RAISE EXCEPTION 'location % is inactive', v_location.code
            USING ERRCODE = '22023', HINT = 'Reactivate the location before moving stock through it.';
    END IF;
    -- An inactive warehouse reserves nothing (warehouse.require_warehouse);
    -- stock was still received, moved and counted in its locations.
    SELECT w.code INTO v_warehouse_code
    FROM warehouse.warehouse AS w
    WHERE w.tenant_id = require_location.tenant_id AND w.id = v_location.warehouse_id AND NOT w.active;
    IF FOUND THEN
        RAISE EXCEPTION 'warehouse % is inactive', v_warehouse_code
            USING ERRCODE = '22023', DETAIL = format('Location %s is in it.', v_location.code),
                  HINT = 'Reactivate the warehouse before moving stock through it.';
    END IF;
    RETURN v_location;
END
$$;


--
-- Name: FUNCTION require_location(tenant_id uuid, location_id uuid, argument text); Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON FUNCTION warehouse.require_location(tenant_id uuid, location_id uuid, argument text) IS 'The tenant''s active location with this id, in an active warehouse; SD404 when missing, 22023 when it or its warehouse is inactive.';


--
-- Name: require_warehouse(uuid, uuid); Type: FUNCTION; Schema: warehouse; Owner: -
--

CREATE FUNCTION warehouse.require_warehouse(tenant_id uuid, warehouse_id uuid) RETURNS warehouse.warehouse
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_warehouse warehouse.warehouse;
BEGIN
    IF require_warehouse.warehouse_id IS NULL THEN
        RAISE EXCEPTION 'warehouse_id must not be null'
            USING ERRCODE = '22023', HINT = 'Pass the id of one of your warehouses.';
    END IF;
    SELECT w.* INTO v_warehouse
    FROM warehouse.warehouse AS w
    WHERE w.tenant_id = require_warehouse.tenant_id AND w.id = require_warehouse.warehouse_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'warehouse % not found', require_warehouse.warehouse_id
            USING ERRCODE = 'SD404', DETAIL = 'No warehouse with this id belongs to the calling tenant.',
                  HINT = 'Check the id.';
    END IF;
    IF NOT v_warehouse.active THEN
        RAISE EXCEPTION 'warehouse % is inactive', v_warehouse.code
            USING ERRCODE = '22023', HINT = 'Reactivate it first (api.update_warehouse with active => true).';
    END IF;
    RETURN v_warehouse;
END
$$;


--
-- Name: FUNCTION require_warehouse(tenant_id uuid, warehouse_id uuid); Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON FUNCTION warehouse.require_warehouse(tenant_id uuid, warehouse_id uuid) IS 'The tenant''s active warehouse with this id; SD404 when missing, 22023 when inactive.';


--
-- Name: alert_state; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.alert_state (
    tenant_id uuid NOT NULL,
    alert_type text NOT NULL,
    subject text NOT NULL,
    active boolean NOT NULL,
    raised_at timestamp with time zone NOT NULL,
    cleared_at timestamp with time zone,
    raise_count bigint DEFAULT 1 NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT alert_state_cleared_check CHECK ((active = (cleared_at IS NULL))),
    CONSTRAINT alert_state_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
    CONSTRAINT alert_state_type_check CHECK ((alert_type = ANY (ARRAY['low_stock'::text, 'out_of_stock'::text, 'batch_expiring'::text, 'shipment_delayed'::text, 'integrity'::text])))
);

ALTER TABLE ONLY audit.alert_state FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE alert_state; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON TABLE audit.alert_state IS 'Whether each alert condition is currently raised, so a condition raises one alert until it clears.';


--
-- Name: COLUMN alert_state.details; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.alert_state.details IS 'The values the condition was last raised with (sku, warehouse, available, ...).';


--
-- Name: outbox; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.outbox (
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    "position" bigint NOT NULL,
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    collection text NOT NULL,
    document jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL,
    last_attempt_at timestamp with time zone,
    last_error text,
    parked_at timestamp with time zone,
    CONSTRAINT outbox_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT outbox_document_check CHECK ((jsonb_typeof(document) = 'object'::text)),
    CONSTRAINT outbox_kind_collection_check CHECK ((((kind = 'audit'::text) AND (collection = 'audit_logs'::text)) OR ((kind = 'alert'::text) AND (collection = 'alerts'::text)))),
    CONSTRAINT outbox_last_error_check CHECK ((length(last_error) <= 2000))
);


--
-- Name: TABLE outbox; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON TABLE audit.outbox IS 'Audit events and alerts waiting for MongoDB, written in the same transaction as the change they report. stockdb relay upserts each document by id and sets delivered_at once MongoDB acknowledged; ops.purge_outbox deletes delivered rows after a grace period. Undelivered rows are never deleted.';


--
-- Name: COLUMN outbox.id; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.id IS 'The MongoDB _id of the document (as text): a retry overwrites, never duplicates.';


--
-- Name: COLUMN outbox."position"; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox."position" IS 'Delivery order; strictly increasing, unlike id within a millisecond.';


--
-- Name: COLUMN outbox.collection; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.collection IS 'audit_logs for kind audit, alerts for kind alert.';


--
-- Name: COLUMN outbox.document; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.document IS 'The document without _id, tenantId and createdAt, which the relay adds from id, tenant_id and created_at.';


--
-- Name: COLUMN outbox.delivered_at; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.delivered_at IS 'When MongoDB acknowledged the document; NULL while it waits.';


--
-- Name: COLUMN outbox.attempts; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.attempts IS 'Deliveries tried and failed so far.';


--
-- Name: COLUMN outbox.last_error; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.last_error IS 'The error of the last failed delivery (cut at 2000 characters).';


--
-- Name: COLUMN outbox.parked_at; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON COLUMN audit.outbox.parked_at IS 'When the relay set the row aside because MongoDB refused its document itself; a parked row is not claimed until `stockdb relay retry-parked` (audit.unpark_outbox) clears this.';


--
-- Name: outbox_position_seq; Type: SEQUENCE; Schema: audit; Owner: -
--

ALTER TABLE audit.outbox ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME audit.outbox_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: api_permission; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.api_permission (
    function_name text NOT NULL,
    roles auth.user_role[] NOT NULL,
    CONSTRAINT api_permission_function_name_check CHECK ((function_name ~ '^api\.[a-z_]+$'::text))
);


--
-- Name: TABLE api_permission; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.api_permission IS 'The application roles allowed to call each api function (system work, without a user, may call all). Reference data: sql/reference/api_permission.sql.';


--
-- Name: app_user; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.app_user (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    email text NOT NULL,
    display_name text,
    password_hash text,
    role auth.user_role NOT NULL,
    active boolean DEFAULT true NOT NULL,
    last_login_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    failed_login_count integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    supplier_id uuid,
    CONSTRAINT app_user_email_check CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)),
    CONSTRAINT app_user_email_length_check CHECK ((length(email) <= 320)),
    CONSTRAINT app_user_failed_login_count_check CHECK ((failed_login_count >= 0)),
    CONSTRAINT app_user_password_hash_check CHECK ((password_hash ~ '^\$2[aby]\$[0-9]{2}\$'::text)),
    CONSTRAINT app_user_supplier_partner_check CHECK (((supplier_id IS NULL) OR (role = 'partner'::auth.user_role))),
    CONSTRAINT app_user_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY auth.app_user FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE app_user; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.app_user IS 'A person or system that calls the api on behalf of a tenant.';


--
-- Name: COLUMN app_user.email; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.app_user.email IS 'Unique per tenant, compared case-insensitively.';


--
-- Name: COLUMN app_user.password_hash; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.app_user.password_hash IS 'bcrypt hash (pgcrypto crypt with gen_salt(''bf'')); NULL until a password is set, and a user without one cannot authenticate.';


--
-- Name: COLUMN app_user.failed_login_count; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.app_user.failed_login_count IS 'Failed api.authenticate calls since the last success or lock; at 5 the account locks.';


--
-- Name: COLUMN app_user.locked_until; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.app_user.locked_until IS 'api.authenticate refuses the account, right password or not, until then (15 minutes after the 5th failure).';


--
-- Name: COLUMN app_user.supplier_id; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.app_user.supplier_id IS 'For a partner: the supplier whose purchase orders it sees (and no others). NULL for every other role.';


--
-- Name: refresh_token; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.refresh_token (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    family_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    replaced_by uuid,
    CONSTRAINT refresh_token_expiry_check CHECK ((expires_at > created_at)),
    CONSTRAINT refresh_token_replaced_check CHECK (((replaced_by IS NULL) OR (revoked_at IS NOT NULL))),
    CONSTRAINT refresh_token_revoked_check CHECK (((revoked_at IS NULL) OR (revoked_at >= created_at))),
    CONSTRAINT refresh_token_token_hash_check CHECK ((octet_length(token_hash) = 32))
);

ALTER TABLE ONLY auth.refresh_token FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE refresh_token; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.refresh_token IS 'Refresh tokens by hash only; rotation replaces a token by a new one of the same family, and reuse of a replaced token revokes the whole family.';


--
-- Name: COLUMN refresh_token.token_hash; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.refresh_token.token_hash IS 'SHA-256 of the token; the token itself is never stored.';


--
-- Name: COLUMN refresh_token.family_id; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.refresh_token.family_id IS 'Shared by a token and every token that replaced it.';


--
-- Name: tenant; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.tenant (
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_code_check CHECK ((code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'::text)),
    CONSTRAINT tenant_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT tenant_updated_after_created_check CHECK ((updated_at >= created_at))
);


--
-- Name: TABLE tenant; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON TABLE auth.tenant IS 'A company using stockdb; every business row belongs to exactly one tenant.';


--
-- Name: COLUMN tenant.code; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON COLUMN auth.tenant.code IS 'Short stable handle (lower case, digits, - and _), used in imports and URLs.';


--
-- Name: product_category; Type: TABLE; Schema: catalog; Owner: -
--

CREATE TABLE catalog.product_category (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    parent_id uuid,
    name text NOT NULL,
    path text NOT NULL,
    depth smallint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT product_category_depth_check CHECK ((depth >= 0)),
    CONSTRAINT product_category_depth_limit_check CHECK ((depth <= 64)),
    CONSTRAINT product_category_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT product_category_name_path_check CHECK (((strpos(name, '/'::text) = 0) AND (name = btrim(name)))),
    CONSTRAINT product_category_not_own_parent_check CHECK ((parent_id <> id)),
    CONSTRAINT product_category_path_check CHECK ((path ~ '^(/[0-9a-f-]{36})+/$'::text)),
    CONSTRAINT product_category_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY catalog.product_category FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE product_category; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON TABLE catalog.product_category IS 'A tree of product categories, one per tenant; cycles are impossible.';


--
-- Name: COLUMN product_category.path; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product_category.path IS 'Ids from the root down to this node, as /id/id/…/; kept by trigger, so a subtree is every row whose path starts with this one''s.';


--
-- Name: COLUMN product_category.depth; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.product_category.depth IS '0 for a root; kept by trigger.';


--
-- Name: search_word; Type: TABLE; Schema: catalog; Owner: -
--

CREATE TABLE catalog.search_word (
    tenant_id uuid NOT NULL,
    word text NOT NULL,
    CONSTRAINT search_word_word_check CHECK ((word ~ '^[[:lower:]]{3,40}$'::text))
);

ALTER TABLE ONLY catalog.search_word FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE search_word; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON TABLE catalog.search_word IS 'Every word (3 to 40 letters, lower case) of the tenant''s product names and descriptions, kept by trigger; api.search_products corrects a typo to the nearest of them.';


--
-- Name: unit; Type: TABLE; Schema: catalog; Owner: -
--

CREATE TABLE catalog.unit (
    code text NOT NULL,
    name text NOT NULL,
    decimal_places smallint NOT NULL,
    CONSTRAINT unit_code_check CHECK ((code ~ '^[a-z][a-z0-9_]{0,15}$'::text)),
    CONSTRAINT unit_decimal_places_check CHECK (((decimal_places >= 0) AND (decimal_places <= 3)))
);


--
-- Name: TABLE unit; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON TABLE catalog.unit IS 'Units of measure a product can be counted in; shared by all tenants.';


--
-- Name: COLUMN unit.decimal_places; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON COLUMN catalog.unit.decimal_places IS 'How many decimals a quantity in this unit may have (0 for pieces, 3 for kg).';


--
-- Name: capacity_gate; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.capacity_gate (
    tenant_id uuid NOT NULL,
    location_id uuid NOT NULL,
    placements bigint DEFAULT 1 NOT NULL,
    CONSTRAINT capacity_gate_placements_check CHECK ((placements > 0))
);

ALTER TABLE ONLY inventory.capacity_gate FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE capacity_gate; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.capacity_gate IS 'One row per location with a capacity that stock was placed into: placements there update it, so they take turns and each counts what the one before it placed.';


--
-- Name: COLUMN capacity_gate.placements; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.capacity_gate.placements IS 'How many placements have taken their turn here.';


--
-- Name: ledger_carry; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.ledger_carry (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    product_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    on_hand numeric NOT NULL,
    reserved numeric NOT NULL,
    carried_to timestamp with time zone NOT NULL
);


--
-- Name: TABLE ledger_carry; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.ledger_carry IS 'What the detached months of the ledger summed to, per product, batch and location: a balance equals its carry plus its attached ledger rows. Written only by partition maintenance.';


--
-- Name: COLUMN ledger_carry.reserved; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.ledger_carry.reserved IS 'The reservations less the releases of the detached months (the negated sum of those rows).';


--
-- Name: COLUMN ledger_carry.carried_to; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.ledger_carry.carried_to IS 'The end of the latest detached month carried here.';


--
-- Name: ledger_time_zone; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.ledger_time_zone (
    singleton boolean DEFAULT true NOT NULL,
    name text NOT NULL,
    CONSTRAINT ledger_time_zone_name_check CHECK (ops.is_valid_timezone(name)),
    CONSTRAINT ledger_time_zone_singleton_check CHECK (singleton)
);


--
-- Name: TABLE ledger_time_zone; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.ledger_time_zone IS 'One row: the IANA time zone in which the ledger''s monthly partitions begin at midnight on the 1st. Partition maintenance runs in it, whatever the session''s or the server''s TimeZone.';


--
-- Name: movement_request; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.movement_request (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    idempotency_key text NOT NULL,
    function_name text NOT NULL,
    request_hash bytea NOT NULL,
    result jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT movement_request_hash_check CHECK ((octet_length(request_hash) = 32)),
    CONSTRAINT movement_request_key_check CHECK (((length(idempotency_key) <= 200) AND (idempotency_key ~ '^[[:graph:]]+$'::text)))
);

ALTER TABLE ONLY inventory.movement_request FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE movement_request; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.movement_request IS 'One row per idempotency key: claimed first by every movement-producing call, so a retry returns the first result and a reuse with other arguments is refused. Unpartitioned, because a unique key on the partitioned ledger would have to include occurred_at.';


--
-- Name: COLUMN movement_request.request_hash; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.movement_request.request_hash IS 'SHA-256 of the call''s arguments.';


--
-- Name: COLUMN movement_request.result; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.movement_request.result IS 'What the first call returned; NULL while it runs.';


--
-- Name: reservation; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.reservation (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    product_id uuid NOT NULL,
    warehouse_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    status inventory.reservation_status DEFAULT 'active'::inventory.reservation_status NOT NULL,
    reference text,
    expires_at timestamp with time zone,
    released_at timestamp with time zone,
    fulfilled_at timestamp with time zone,
    created_by uuid,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reservation_expires_check CHECK ((expires_at > created_at)),
    CONSTRAINT reservation_fulfilled_check CHECK (((status = 'fulfilled'::inventory.reservation_status) = (fulfilled_at IS NOT NULL))),
    CONSTRAINT reservation_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT reservation_released_check CHECK (((status = 'released'::inventory.reservation_status) = (released_at IS NOT NULL))),
    CONSTRAINT reservation_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY inventory.reservation FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE reservation; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.reservation IS 'Stock promised to someone; its lines say which batches at which locations hold it.';


--
-- Name: COLUMN reservation.reference; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.reservation.reference IS 'The caller''s reference (order number, …).';


--
-- Name: COLUMN reservation.expires_at; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.reservation.expires_at IS 'An active reservation past this is released by ops.expire_reservations().';


--
-- Name: reservation_line; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.reservation_line (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    reservation_id uuid NOT NULL,
    product_id uuid NOT NULL,
    warehouse_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reservation_line_quantity_check CHECK ((quantity > (0)::numeric))
);

ALTER TABLE ONLY inventory.reservation_line FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE reservation_line; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON TABLE inventory.reservation_line IS 'How much of a reservation one batch at one location holds; the lines add up to the reservation.';


--
-- Name: stock_movement_default; Type: TABLE; Schema: inventory; Owner: -
--

CREATE TABLE inventory.stock_movement_default (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    movement_type inventory.stock_movement_type NOT NULL,
    product_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    reference_type text,
    reference_id uuid,
    reason text,
    idempotency_key text,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT stock_movement_reference_check CHECK (((reference_type IS NULL) = (reference_id IS NULL)))
);


--
-- Name: COLUMN stock_movement_default.quantity; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.stock_movement_default.quantity IS 'Signed by type: + for purchase_receipt, transfer_in, returned, release; - for sale_issue, transfer_out, consumption, reservation; either for adjustment. reservation and release change reserved (available), the others on_hand.';


--
-- Name: COLUMN stock_movement_default.reference_type; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.stock_movement_default.reference_type IS 'The document that caused the movement (purchase_order_item, sales_order, transfer, count, …).';


--
-- Name: COLUMN stock_movement_default.idempotency_key; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON COLUMN inventory.stock_movement_default.idempotency_key IS 'The key of the api call that posted it; uniqueness lives in inventory.movement_request.';


--
-- Name: carrier; Type: TABLE; Schema: logistics; Owner: -
--

CREATE TABLE logistics.carrier (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    tracking_url_template text,
    active boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT carrier_code_check CHECK (((length(code) <= 32) AND (code ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT carrier_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT carrier_tracking_url_template_check CHECK ((tracking_url_template ~ '^https?://.*\{tracking_number\}'::text)),
    CONSTRAINT carrier_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY logistics.carrier FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE carrier; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON TABLE logistics.carrier IS 'A company that moves shipments.';


--
-- Name: COLUMN carrier.tracking_url_template; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON COLUMN logistics.carrier.tracking_url_template IS 'URL with {tracking_number} where the number goes, for links in reports.';


--
-- Name: shipment; Type: TABLE; Schema: logistics; Owner: -
--

CREATE TABLE logistics.shipment (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    sales_order_id uuid,
    warehouse_id uuid NOT NULL,
    carrier_id uuid,
    tracking_number text,
    status logistics.shipment_status DEFAULT 'preparing'::logistics.shipment_status NOT NULL,
    ship_to jsonb DEFAULT '{}'::jsonb NOT NULL,
    shipped_at timestamp with time zone,
    expected_delivery_at timestamp with time zone,
    delivered_at timestamp with time zone,
    incoterm text,
    customs_value_minor bigint,
    customs_currency character(3),
    customs_declaration text,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT shipment_customs_value_check CHECK ((((customs_value_minor IS NULL) = (customs_currency IS NULL)) AND (customs_value_minor >= 0) AND (customs_currency ~ '^[A-Z]{3}$'::text))),
    CONSTRAINT shipment_delivered_at_check CHECK (((delivered_at IS NULL) OR ((shipped_at IS NOT NULL) AND (delivered_at >= shipped_at)))),
    CONSTRAINT shipment_delivered_status_check CHECK (((status = 'delivered'::logistics.shipment_status) = (delivered_at IS NOT NULL))),
    CONSTRAINT shipment_expected_delivery_check CHECK ((expected_delivery_at >= shipped_at)),
    CONSTRAINT shipment_incoterm_check CHECK ((incoterm ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT shipment_ship_to_check CHECK ((jsonb_typeof(ship_to) = 'object'::text)),
    CONSTRAINT shipment_ship_to_depth_check CHECK ((NOT jsonb_path_exists(ship_to, 'strict $.**{32}'::jsonpath))),
    CONSTRAINT shipment_shipped_at_check CHECK ((shipped_at >= created_at)),
    CONSTRAINT shipment_tracking_number_check CHECK (((length(tracking_number) <= 64) AND (tracking_number ~ '^[[:graph:]]+$'::text) AND (carrier_id IS NOT NULL))),
    CONSTRAINT shipment_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY logistics.shipment FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE shipment; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON TABLE logistics.shipment IS 'Goods leaving a warehouse with a carrier, usually for a sales order.';


--
-- Name: COLUMN shipment.expected_delivery_at; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON COLUMN logistics.shipment.expected_delivery_at IS 'Past this and not delivered, the shipment is late.';


--
-- Name: COLUMN shipment.incoterm; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON COLUMN logistics.shipment.incoterm IS 'Incoterms 2020 rule (DAP, DDP, EXW, …) for international shipments.';


--
-- Name: COLUMN shipment.customs_value_minor; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON COLUMN logistics.shipment.customs_value_minor IS 'Declared value for customs, in minor units.';


--
-- Name: shipment_item; Type: TABLE; Schema: logistics; Owner: -
--

CREATE TABLE logistics.shipment_item (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    shipment_id uuid NOT NULL,
    sales_order_item_id uuid,
    product_id uuid NOT NULL,
    batch_id uuid,
    quantity numeric(14,3) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT shipment_item_quantity_check CHECK ((quantity > (0)::numeric))
);

ALTER TABLE ONLY logistics.shipment_item FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE shipment_item; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON TABLE logistics.shipment_item IS 'What a shipment carries, by batch.';


--
-- Name: shipment_tracking_event; Type: TABLE; Schema: logistics; Owner: -
--

CREATE TABLE logistics.shipment_tracking_event (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    shipment_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    status logistics.shipment_status NOT NULL,
    location text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT shipment_tracking_event_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
    CONSTRAINT shipment_tracking_event_details_depth_check CHECK ((NOT jsonb_path_exists(details, 'strict $.**{32}'::jsonpath)))
);

ALTER TABLE ONLY logistics.shipment_tracking_event FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE shipment_tracking_event; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON TABLE logistics.shipment_tracking_event IS 'A carrier''s scan or status report for a shipment.';


--
-- Name: backup; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.backup (
    id text NOT NULL,
    kind text DEFAULT 'dump'::text NOT NULL,
    label text,
    directory text NOT NULL,
    schema_version text,
    status text DEFAULT 'running'::text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    size_bytes bigint,
    error text,
    verified_at timestamp with time zone,
    verify_status text,
    verify_detail jsonb,
    created_by text DEFAULT CURRENT_USER NOT NULL,
    CONSTRAINT backup_finished_check CHECK (((status = 'running'::text) = (finished_at IS NULL))),
    CONSTRAINT backup_id_check CHECK ((id ~ '^[0-9]{8}T[0-9]{6}Z(-[a-z0-9][a-z0-9_-]{0,39})?$'::text)),
    CONSTRAINT backup_kind_check CHECK ((kind = ANY (ARRAY['dump'::text, 'base'::text]))),
    CONSTRAINT backup_size_check CHECK ((size_bytes >= 0)),
    CONSTRAINT backup_status_check CHECK ((status = ANY (ARRAY['running'::text, 'ok'::text, 'failed'::text]))),
    CONSTRAINT backup_verified_check CHECK (((verify_status IS NULL) = (verified_at IS NULL))),
    CONSTRAINT backup_verify_status_check CHECK ((verify_status = ANY (ARRAY['ok'::text, 'failed'::text])))
);


--
-- Name: TABLE backup; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.backup IS 'Backups stockdb took of this database (stockdb backup create / base): where, of which schema version, how they ended and whether a restore verified them. The manifest next to the files is the full record.';


--
-- Name: COLUMN backup.schema_version; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON COLUMN ops.backup.schema_version IS 'The last migration applied when the backup was taken.';


--
-- Name: COLUMN backup.verify_status; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON COLUMN ops.backup.verify_status IS 'ok when stockdb backup verify restored it and found every table''s rows and checksum as recorded.';


--
-- Name: backup_health; Type: VIEW; Schema: ops; Owner: -
--

CREATE VIEW ops.backup_health AS
 WITH last_good AS (
         SELECT g.id,
            g.finished_at,
            g.verify_status,
            g.verified_at
           FROM ops.backup g
          WHERE (g.status = 'ok'::text)
          ORDER BY g.finished_at DESC
         LIMIT 1
        ), failed AS (
         SELECT f_1.started_at
           FROM ops.backup f_1
          WHERE (f_1.status = 'failed'::text)
        )
 SELECT b.id AS last_good_backup,
    b.finished_at,
    (now() - b.finished_at) AS age,
    (b.verify_status = 'ok'::text) AS verified,
    b.verified_at,
    COALESCE(((now() - b.finished_at) > o.stale_after), true) AS stale,
    count(f.started_at) AS failed_since,
    o.stale_after
   FROM ((( SELECT '26:00:00'::interval AS stale_after) o
     LEFT JOIN last_good b ON (true))
     LEFT JOIN failed f ON ((f.started_at > COALESCE(b.finished_at, '-infinity'::timestamp with time zone))))
  GROUP BY b.id, b.finished_at, b.verify_status, b.verified_at, o.stale_after;


--
-- Name: VIEW backup_health; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON VIEW ops.backup_health IS 'The newest successful backup, its age and whether a restore verified it; stale when it is older than stale_after (26 hours) or there is none; failed_since counts failed backups after it.';


--
-- Name: cron_job; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.cron_job (
    job_name text NOT NULL,
    schedule text NOT NULL,
    command text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    description text NOT NULL,
    CONSTRAINT cron_job_name_check CHECK ((job_name ~ '^[a-z][a-z-]{0,39}$'::text)),
    CONSTRAINT cron_job_schedule_check CHECK ((btrim(schedule) <> ''::text))
);


--
-- Name: TABLE cron_job; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.cron_job IS 'The maintenance jobs (pg_cron names them stockdb-<job_name>) and their schedules. sql/cron.sql seeds the defaults without overwriting a changed schedule; ops.schedule_jobs() registers them with pg_cron.';


--
-- Name: detached_ledger_month; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.detached_ledger_month (
    table_name text NOT NULL,
    range_from timestamp with time zone NOT NULL,
    range_to timestamp with time zone NOT NULL,
    row_count bigint NOT NULL,
    detached_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT detached_ledger_month_range_check CHECK ((range_from < range_to)),
    CONSTRAINT detached_ledger_month_row_count_check CHECK ((row_count >= 0))
);


--
-- Name: TABLE detached_ledger_month; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.detached_ledger_month IS 'Every month detached from inventory.stock_movement: the table that holds its rows now, its range and row count. Rolling back migration 0028 attaches them again from this list.';


--
-- Name: integrity_check_result; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.integrity_check_result (
    id bigint NOT NULL,
    run_id bigint NOT NULL,
    check_name text NOT NULL,
    tenant_id uuid,
    subject jsonb DEFAULT '{}'::jsonb NOT NULL,
    finding text NOT NULL,
    found_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY ops.integrity_check_result FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE integrity_check_result; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.integrity_check_result IS 'What ops.check_integrity() found, one row per finding, by the maintenance run that found it.';


--
-- Name: integrity_check_result_id_seq; Type: SEQUENCE; Schema: ops; Owner: -
--

ALTER TABLE ops.integrity_check_result ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME ops.integrity_check_result_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: movement_daily; Type: TABLE; Schema: report; Owner: -
--

CREATE TABLE report.movement_daily (
    tenant_id uuid NOT NULL,
    day date NOT NULL,
    product_id uuid NOT NULL,
    warehouse_id uuid NOT NULL,
    movement_type inventory.stock_movement_type NOT NULL,
    movement_count bigint NOT NULL,
    quantity numeric(16,3) NOT NULL,
    CONSTRAINT movement_daily_count_check CHECK ((movement_count > 0))
);

ALTER TABLE ONLY report.movement_daily FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE movement_daily; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON TABLE report.movement_daily IS 'Per day (in the warehouse''s time zone) × product × warehouse × movement type: how many movements and their summed signed quantity. Refreshed incrementally by ops.refresh_reports(): only the days a transaction still running at the last refresh could have written to are recomputed.';


--
-- Name: inventory_turnover; Type: MATERIALIZED VIEW; Schema: ops; Owner: -
--

CREATE MATERIALIZED VIEW ops.inventory_turnover AS
 WITH stock AS (
         SELECT i.tenant_id,
            i.product_id,
            l.warehouse_id,
            sum(i.on_hand) AS on_hand
           FROM (inventory.inventory i
             JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
          WHERE (i.deleted_at IS NULL)
          GROUP BY i.tenant_id, i.product_id, l.warehouse_id
        ), flow AS (
         SELECT d.tenant_id,
            d.product_id,
            d.warehouse_id,
            (- sum(d.quantity) FILTER (WHERE (d.movement_type = ANY (ARRAY['sale_issue'::inventory.stock_movement_type, 'consumption'::inventory.stock_movement_type])))) AS issued,
            sum(d.quantity) FILTER (WHERE (d.movement_type <> ALL (ARRAY['reservation'::inventory.stock_movement_type, 'release'::inventory.stock_movement_type]))) AS net_change
           FROM report.movement_daily d
          WHERE (d.day > (CURRENT_DATE - 365))
          GROUP BY d.tenant_id, d.product_id, d.warehouse_id
        )
 SELECT s.tenant_id,
    s.product_id,
    s.warehouse_id,
    COALESCE(f.issued, (0)::numeric) AS issued_365d,
    (s.on_hand - COALESCE(f.net_change, (0)::numeric)) AS on_hand_at_start,
    s.on_hand AS on_hand_now,
    round(((((2)::numeric * s.on_hand) - COALESCE(f.net_change, (0)::numeric)) / (2)::numeric), 3) AS average_on_hand,
    round((COALESCE(f.issued, (0)::numeric) / NULLIF(((((2)::numeric * s.on_hand) - COALESCE(f.net_change, (0)::numeric)) / (2)::numeric), (0)::numeric)), 3) AS turnover,
    round((s.on_hand / NULLIF((COALESCE(f.issued, (0)::numeric) / (365)::numeric), (0)::numeric)), 1) AS days_of_supply
   FROM (stock s
     LEFT JOIN flow f ON (((s.tenant_id = f.tenant_id) AND (s.product_id = f.product_id) AND (s.warehouse_id = f.warehouse_id))))
  WITH NO DATA;


--
-- Name: MATERIALIZED VIEW inventory_turnover; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON MATERIALIZED VIEW ops.inventory_turnover IS 'Product × warehouse over the trailing 365 days: quantity sold or consumed, on hand at the start (now minus the period''s net change) and now, their average, turnover (issued / average) and days of supply at the period''s rate. Refreshed by ops.refresh_reports() from report.movement_daily.';


--
-- Name: ledger_retention; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.ledger_retention (
    singleton boolean DEFAULT true NOT NULL,
    keep_months integer,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ledger_retention_keep_months_check CHECK (((keep_months >= 4) AND (keep_months <= 1200))),
    CONSTRAINT ledger_retention_singleton_check CHECK (singleton)
);


--
-- Name: TABLE ledger_retention; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.ledger_retention IS 'One row: how many whole months before the current one the ledger keeps attached. NULL keeps every month. Set with ops.set_ledger_retention; ops.run_partition_maintenance detaches the older months.';


--
-- Name: maintenance_run; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.maintenance_run (
    id bigint NOT NULL,
    job_name text NOT NULL,
    started_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    finished_at timestamp with time zone,
    status text DEFAULT 'running'::text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT maintenance_run_finished_check CHECK (((status = 'running'::text) = (finished_at IS NULL))),
    CONSTRAINT maintenance_run_status_check CHECK ((status = ANY (ARRAY['running'::text, 'ok'::text, 'failed'::text])))
);


--
-- Name: TABLE maintenance_run; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.maintenance_run IS 'Every run of a maintenance procedure, by pg_cron or stockdb maintenance run: when, how it ended, what it did.';


--
-- Name: maintenance_run_id_seq; Type: SEQUENCE; Schema: ops; Owner: -
--

ALTER TABLE ops.maintenance_run ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME ops.maintenance_run_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: migration_file; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.migration_file (
    migration_id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT migration_file_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE migration_file; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.migration_file IS 'SHA-256 of each applied migration file, so `stockdb migrate status` can tell when a landed migration was edited.';


--
-- Name: repeatable_file; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.repeatable_file (
    path text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT repeatable_file_checksum_check CHECK ((checksum ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE repeatable_file; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.repeatable_file IS 'SHA-256 of each repeatable file (functions/, triggers/, sql/) as last applied; a file is applied again when it differs.';


--
-- Name: report_refresh; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.report_refresh (
    report_name text NOT NULL,
    refresh_order integer NOT NULL,
    dirty boolean DEFAULT true NOT NULL,
    horizon timestamp with time zone,
    last_started_at timestamp with time zone,
    last_refreshed_at timestamp with time zone,
    last_duration_ms integer,
    refresh_count bigint DEFAULT 0 NOT NULL,
    skipped_count bigint DEFAULT 0 NOT NULL
);


--
-- Name: TABLE report_refresh; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.report_refresh IS 'One row per refreshed report: dirty is set by statement triggers on what the report reads and cleared by ops.refresh_reports(), which skips a clean report; horizon is the earliest time a transaction still running at the last refresh could have written at (incremental reports).';


--
-- Name: slow_movers; Type: MATERIALIZED VIEW; Schema: ops; Owner: -
--

CREATE MATERIALIZED VIEW ops.slow_movers AS
 WITH stock AS (
         SELECT i.tenant_id,
            i.product_id,
            l.warehouse_id,
            sum(i.on_hand) AS on_hand
           FROM (inventory.inventory i
             JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
          WHERE (i.deleted_at IS NULL)
          GROUP BY i.tenant_id, i.product_id, l.warehouse_id
         HAVING (sum(i.on_hand) > (0)::numeric)
        ), outbound AS (
         SELECT d.tenant_id,
            d.product_id,
            d.warehouse_id,
            max(d.day) AS last_outbound_day,
            (- sum(d.quantity) FILTER (WHERE (d.day > (CURRENT_DATE - 90)))) AS outbound_90d
           FROM report.movement_daily d
          WHERE (d.movement_type = ANY (ARRAY['sale_issue'::inventory.stock_movement_type, 'consumption'::inventory.stock_movement_type]))
          GROUP BY d.tenant_id, d.product_id, d.warehouse_id
        )
 SELECT s.tenant_id,
    s.product_id,
    s.warehouse_id,
    s.on_hand,
    COALESCE(o.outbound_90d, (0)::numeric) AS outbound_90d,
    o.last_outbound_day,
    (CURRENT_DATE - o.last_outbound_day) AS days_since_outbound
   FROM (stock s
     LEFT JOIN outbound o ON (((s.tenant_id = o.tenant_id) AND (s.product_id = o.product_id) AND (s.warehouse_id = o.warehouse_id))))
  WHERE (COALESCE(o.outbound_90d, (0)::numeric) < (0.1 * s.on_hand))
  WITH NO DATA;


--
-- Name: MATERIALIZED VIEW slow_movers; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON MATERIALIZED VIEW ops.slow_movers IS 'Product × warehouse holding stock whose sales and consumption over the trailing 90 days are below 10 % of what is on hand (or nil). Refreshed by ops.refresh_reports() from report.movement_daily.';


--
-- Name: status_transition; Type: TABLE; Schema: ops; Owner: -
--

CREATE TABLE ops.status_transition (
    document_type text NOT NULL,
    from_status text NOT NULL,
    to_status text NOT NULL,
    CONSTRAINT status_transition_change_check CHECK ((from_status <> to_status)),
    CONSTRAINT status_transition_document_type_check CHECK ((document_type = ANY (ARRAY['purchase_order'::text, 'sales_order'::text, 'shipment'::text, 'reservation'::text])))
);


--
-- Name: TABLE status_transition; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON TABLE ops.status_transition IS 'Every allowed (from, to) status change per document type; a trigger refuses any other with SD003.';


--
-- Name: template_inventory_stock_movement; Type: TABLE; Schema: partman; Owner: -
--

CREATE TABLE partman.template_inventory_stock_movement (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    movement_type inventory.stock_movement_type NOT NULL,
    product_id uuid NOT NULL,
    batch_id uuid,
    location_id uuid NOT NULL,
    quantity numeric(14,3) NOT NULL,
    reference_type text,
    reference_id uuid,
    reason text,
    idempotency_key text,
    created_by uuid,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: demand_forecast; Type: TABLE; Schema: planning; Owner: -
--

CREATE TABLE planning.demand_forecast (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    product_id uuid NOT NULL,
    warehouse_id uuid NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    forecast_quantity numeric(14,3) NOT NULL,
    model_name text DEFAULT 'manual'::text NOT NULL,
    confidence numeric(4,3),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT demand_forecast_confidence_check CHECK (((confidence >= (0)::numeric) AND (confidence <= (1)::numeric))),
    CONSTRAINT demand_forecast_model_name_check CHECK (((length(model_name) <= 64) AND (model_name ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT demand_forecast_period_check CHECK ((period_end > period_start)),
    CONSTRAINT demand_forecast_quantity_check CHECK ((forecast_quantity >= (0)::numeric))
);

ALTER TABLE ONLY planning.demand_forecast FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE demand_forecast; Type: COMMENT; Schema: planning; Owner: -
--

COMMENT ON TABLE planning.demand_forecast IS 'Expected demand of a product at a warehouse over [period_start, period_end); periods of one model never overlap.';


--
-- Name: COLUMN demand_forecast.period_end; Type: COMMENT; Schema: planning; Owner: -
--

COMMENT ON COLUMN planning.demand_forecast.period_end IS 'Exclusive: the first day after the period.';


--
-- Name: COLUMN demand_forecast.confidence; Type: COMMENT; Schema: planning; Owner: -
--

COMMENT ON COLUMN planning.demand_forecast.confidence IS 'The model''s confidence, 0 to 1.';


--
-- Name: _yoyo_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._yoyo_log (
    id character varying(36) NOT NULL,
    migration_hash character varying(64),
    migration_id character varying(255),
    operation character varying(10),
    username character varying(255),
    hostname character varying(255),
    comment character varying(255),
    created_at_utc timestamp without time zone
);


--
-- Name: _yoyo_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._yoyo_migration (
    migration_hash character varying(64) NOT NULL,
    migration_id character varying(255),
    applied_at_utc timestamp without time zone
);


--
-- Name: _yoyo_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._yoyo_version (
    version integer NOT NULL,
    installed_at_utc timestamp without time zone
);


--
-- Name: yoyo_lock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.yoyo_lock (
    locked integer DEFAULT 1 NOT NULL,
    ctime timestamp without time zone,
    pid integer NOT NULL
);


--
-- Name: batches; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.batches WITH (security_barrier='true') AS
 SELECT b.tenant_id,
    b.id AS batch_id,
    b.product_id,
    p.sku,
    b.batch_number,
    b.manufacture_date,
    b.expiry_date,
    b.received_at,
    b.unit_cost_minor,
    b.currency,
    b.version,
    b.created_at,
    b.updated_at,
    b.held_at,
    b.hold_reason
   FROM (catalog.product_batch b
     JOIN catalog.product p ON (((b.tenant_id = p.tenant_id) AND (b.product_id = p.id))))
  WHERE (p.deleted_at IS NULL);


--
-- Name: VIEW batches; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.batches IS 'The batches of the tenant''s products that are not deleted, with their dates, first receipt''s cost and version (what api.update_batch, api.hold_batch and api.lift_batch_hold take), and held_at and hold_reason while it is on hold.';


--
-- Name: carriers; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.carriers WITH (security_barrier='true') AS
 SELECT c.tenant_id,
    c.id AS carrier_id,
    c.code,
    c.name,
    c.tracking_url_template,
    c.active,
    c.version,
    c.created_at,
    c.updated_at
   FROM logistics.carrier c;


--
-- Name: VIEW carriers; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.carriers IS 'The tenant''s carriers, inactive ones included, with version (what api.update_carrier takes); api.ship_sales_order names a carrier by its code.';


--
-- Name: categories; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.categories WITH (security_barrier='true') AS
 SELECT c.tenant_id,
    c.id AS category_id,
    c.parent_id,
    c.name,
    ( SELECT string_agg(a.name, '/'::text ORDER BY x.depth) AS string_agg
           FROM (unnest((string_to_array(btrim(c.path, '/'::text), '/'::text))::uuid[]) WITH ORDINALITY x(id, depth)
             JOIN catalog.product_category a ON (((a.tenant_id = c.tenant_id) AND (x.id = a.id))))) AS name_path,
    c.depth,
    c.version,
    c.created_at,
    c.updated_at
   FROM catalog.product_category c;


--
-- Name: VIEW categories; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.categories IS 'The tenant''s product categories: parent, name_path (Tools/Hand tools, as imports name them), depth and version (what api.update_category takes).';


--
-- Name: customer; Type: TABLE; Schema: sales; Owner: -
--

CREATE TABLE sales.customer (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    email text,
    phone text,
    billing_address jsonb DEFAULT '{}'::jsonb NOT NULL,
    shipping_address jsonb DEFAULT '{}'::jsonb NOT NULL,
    active boolean DEFAULT true NOT NULL,
    deleted_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT customer_addresses_depth_check CHECK (((NOT jsonb_path_exists(billing_address, 'strict $.**{32}'::jsonpath)) AND (NOT jsonb_path_exists(shipping_address, 'strict $.**{32}'::jsonpath)))),
    CONSTRAINT customer_billing_address_check CHECK ((jsonb_typeof(billing_address) = 'object'::text)),
    CONSTRAINT customer_code_check CHECK (((length(code) <= 32) AND (code ~ '^[[:graph:]]+$'::text))),
    CONSTRAINT customer_email_check CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)),
    CONSTRAINT customer_email_length_check CHECK ((length(email) <= 320)),
    CONSTRAINT customer_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT customer_shipping_address_check CHECK ((jsonb_typeof(shipping_address) = 'object'::text)),
    CONSTRAINT customer_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY sales.customer FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE customer; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON TABLE sales.customer IS 'Who a tenant sells to; soft-deleted with deleted_at.';


--
-- Name: COLUMN customer.shipping_address; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON COLUMN sales.customer.shipping_address IS 'Default delivery address as a JSON object (line1, city, postcode, country, …).';


--
-- Name: customers; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.customers WITH (security_barrier='true') AS
 SELECT c.tenant_id,
    c.id AS customer_id,
    c.code,
    c.name,
    c.email,
    c.phone,
    c.billing_address,
    c.shipping_address,
    c.active,
    c.version,
    c.created_at,
    c.updated_at
   FROM sales.customer c
  WHERE (c.deleted_at IS NULL);


--
-- Name: VIEW customers; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.customers IS 'The tenant''s customers that are not deleted, inactive ones included, with version (what api.update_customer and api.delete_customer take).';


--
-- Name: demand_forecasts; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.demand_forecasts WITH (security_barrier='true') AS
 SELECT f.tenant_id,
    f.id AS forecast_id,
    f.product_id,
    p.sku,
    f.warehouse_id,
    w.code AS warehouse_code,
    f.period_start,
    f.period_end,
    f.forecast_quantity,
    f.model_name,
    f.confidence,
    f.created_at,
    f.updated_at
   FROM ((planning.demand_forecast f
     JOIN catalog.product p ON (((f.tenant_id = p.tenant_id) AND (f.product_id = p.id))))
     JOIN warehouse.warehouse w ON (((f.tenant_id = w.tenant_id) AND (f.warehouse_id = w.id))));


--
-- Name: VIEW demand_forecasts; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.demand_forecasts IS 'Every demand forecast of the calling tenant: product, warehouse, the period [period_start, period_end), quantity, model and confidence. report.reorder_suggestions reads the newest model''s.';


--
-- Name: inventory_turnover; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.inventory_turnover WITH (security_barrier='true') AS
 SELECT m.tenant_id,
    m.product_id,
    m.warehouse_id,
    m.issued_365d,
    m.on_hand_at_start,
    m.on_hand_now,
    m.average_on_hand,
    m.turnover,
    m.days_of_supply
   FROM ops.inventory_turnover m
  WHERE ((m.tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")) AND (EXISTS ( SELECT 1
           FROM warehouse.warehouse w
          WHERE ((w.tenant_id = m.tenant_id) AND (w.id = m.warehouse_id)))));


--
-- Name: VIEW inventory_turnover; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.inventory_turnover IS 'Per product × warehouse over the trailing 365 days, for the calling tenant: quantity sold or consumed, on hand at the start (now minus the period''s net change) and now, their average, turnover (issued / average) and days of supply at the period''s rate. Refreshed by ops.refresh_reports() (ops.inventory_turnover).';


--
-- Name: locations; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.locations WITH (security_barrier='true') AS
 SELECT l.tenant_id,
    l.id AS location_id,
    l.warehouse_id,
    w.code AS warehouse_code,
    l.code,
    l.kind,
    l.capacity,
    COALESCE(held.on_hand, (0)::numeric) AS on_hand,
        CASE
            WHEN (l.capacity IS NOT NULL) THEN GREATEST((l.capacity - COALESCE(held.on_hand, (0)::numeric)), (0)::numeric)
            ELSE NULL::numeric
        END AS room,
    l.active,
    l.version,
    l.created_at,
    l.updated_at
   FROM ((warehouse.location l
     JOIN warehouse.warehouse w ON (((l.tenant_id = w.tenant_id) AND (l.warehouse_id = w.id))))
     LEFT JOIN LATERAL ( SELECT sum(i.on_hand) AS on_hand
           FROM inventory.inventory i
          WHERE ((i.tenant_id = l.tenant_id) AND (i.location_id = l.id) AND (i.deleted_at IS NULL))) held ON (true));


--
-- Name: VIEW locations; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.locations IS 'The tenant''s locations, inactive ones included: on_hand (all products together), room (what a receipt, transfer in or return may still place; NULL without a capacity) and version (what api.update_location takes).';


--
-- Name: open_alerts; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.open_alerts WITH (security_barrier='true') AS
 SELECT s.tenant_id,
    s.alert_type,
    s.subject,
    s.raised_at,
    s.raise_count,
    ((s.details ->> 'product_id'::text))::uuid AS product_id,
    (s.details ->> 'sku'::text) AS sku,
    ((s.details ->> 'warehouse_id'::text))::uuid AS warehouse_id,
    s.details
   FROM audit.alert_state s
  WHERE s.active;


--
-- Name: VIEW open_alerts; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.open_alerts IS 'Alert conditions currently raised (low_stock, out_of_stock, batch_expiring, shipment_delayed, integrity), with when they were last raised, how often, and the values they were raised with.';


--
-- Name: products; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.products WITH (security_barrier='true') AS
 SELECT p.tenant_id,
    p.id AS product_id,
    p.sku,
    p.name,
    p.description,
    p.category_id,
    c.name_path AS category_path,
    p.unit,
    p.barcode,
    p.attributes,
    p.unit_price_minor,
    p.currency,
    p.min_stock_level,
    p.reorder_point,
    p.safety_stock_level,
    p.max_stock_level,
    p.lead_time_days,
    p.expiry_alert_days,
    p.hs_code,
    p.country_of_origin,
    p.preferred_supplier_id,
    p.active,
    p.version,
    p.created_at,
    p.updated_at
   FROM (catalog.product p
     LEFT JOIN report.categories c ON (((p.tenant_id = c.tenant_id) AND (p.category_id = c.category_id))))
  WHERE (p.deleted_at IS NULL);


--
-- Name: VIEW products; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.products IS 'The tenant''s products that are not deleted, inactive ones included, with version (what api.update_product and api.delete_product take) and category_path (Tools/Hand tools).';


--
-- Name: purchase_order_lines; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.purchase_order_lines WITH (security_barrier='true') AS
 SELECT poi.tenant_id,
    poi.id AS purchase_order_item_id,
    poi.purchase_order_id,
    po.number,
    po.status,
    poi.product_id,
    p.sku,
    poi.quantity_ordered,
    poi.quantity_received,
        CASE
            WHEN (po.status = ANY (ARRAY['ordered'::procurement.po_status, 'partial'::procurement.po_status])) THEN GREATEST((poi.quantity_ordered - poi.quantity_received), (0)::numeric)
            ELSE (0)::numeric
        END AS quantity_open,
    poi.unit_cost_minor,
    poi.line_total_minor,
    po.currency
   FROM ((procurement.purchase_order_item poi
     JOIN procurement.purchase_order po ON (((poi.tenant_id = po.tenant_id) AND (poi.purchase_order_id = po.id))))
     JOIN catalog.product p ON (((poi.tenant_id = p.tenant_id) AND (poi.product_id = p.id))));


--
-- Name: VIEW purchase_order_lines; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.purchase_order_lines IS 'Each purchase order line with its order''s number and status: quantity_open is what can still be received (none unless the order is ordered or partial). A partner sees its own supplier''s lines only.';


--
-- Name: purchase_order_status; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.purchase_order_status AS
SELECT
    NULL::uuid AS tenant_id,
    NULL::uuid AS purchase_order_id,
    NULL::text AS number,
    NULL::uuid AS supplier_id,
    NULL::text AS supplier_code,
    NULL::text AS supplier_name,
    NULL::procurement.po_status AS status,
    NULL::character(3) AS currency,
    NULL::bigint AS total_minor,
    NULL::bigint AS line_count,
    NULL::numeric AS quantity_ordered,
    NULL::numeric AS quantity_received,
    NULL::numeric AS received_percent,
    NULL::timestamp with time zone AS ordered_at,
    NULL::timestamp with time zone AS expected_at,
    NULL::timestamp with time zone AS received_at,
    NULL::boolean AS overdue,
    NULL::integer AS version;


--
-- Name: VIEW purchase_order_status; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.purchase_order_status IS 'Each purchase order with its supplier, status, lines, quantities ordered and received, the share received, overdue (ordered or partial past expected_at) and version (what api.add_purchase_order_item, api.submit_purchase_order and api.cancel_purchase_order take).';


--
-- Name: reorder_suggestions; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.reorder_suggestions WITH (security_barrier='true') AS
 WITH candidate AS (
         SELECT p.tenant_id,
            p.id AS product_id,
            s.warehouse_id,
            s.available,
            p.sku,
            p.reorder_point,
            p.safety_stock_level,
            ps.id AS preferred_supplier_id,
            w.code AS warehouse_code,
            ((now() AT TIME ZONE w.timezone))::date AS today,
            COALESCE(NULLIF(p.lead_time_days, 0), ps.lead_time_days, 0) AS lead_time_days
           FROM (((catalog.product p
             CROSS JOIN LATERAL ( SELECT l.warehouse_id,
                    sum(i.available) AS available
                   FROM (inventory.inventory i
                     JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
                  WHERE ((i.tenant_id = p.tenant_id) AND (i.product_id = p.id) AND (i.deleted_at IS NULL))
                  GROUP BY l.warehouse_id) s)
             JOIN warehouse.warehouse w ON (((p.tenant_id = w.tenant_id) AND (s.warehouse_id = w.id))))
             LEFT JOIN procurement.supplier ps ON (((p.tenant_id = ps.tenant_id) AND (p.preferred_supplier_id = ps.id) AND ps.active AND (ps.deleted_at IS NULL))))
          WHERE ((p.tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")) AND (NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))) AND (p.deleted_at IS NULL) AND p.active AND (p.reorder_point > (0)::numeric) AND (s.available <= p.reorder_point) AND w.active)
        ), demand AS (
         SELECT c.tenant_id,
            c.product_id,
            c.warehouse_id,
            c.available,
            c.sku,
            c.reorder_point,
            c.safety_stock_level,
            c.preferred_supplier_id,
            c.warehouse_code,
            c.today,
            c.lead_time_days,
            f.forecast_demand,
            (COALESCE(t.issued, (0)::numeric) / 90.0) AS trailing_daily_demand,
            COALESCE(o.on_order, (0)::numeric) AS on_order,
            COALESCE(c.preferred_supplier_id, last_po.supplier_id) AS supplier_id
           FROM ((((candidate c
             LEFT JOIN LATERAL ( SELECT sum(((df.forecast_quantity * ((LEAST(df.period_end, (c.today + c.lead_time_days)) - GREATEST(df.period_start, c.today)))::numeric) / ((df.period_end - df.period_start))::numeric)) AS forecast_demand
                   FROM planning.demand_forecast df
                  WHERE ((df.tenant_id = c.tenant_id) AND (df.product_id = c.product_id) AND (df.warehouse_id = c.warehouse_id) AND (df.period_end > c.today) AND (df.period_start < (c.today + c.lead_time_days)) AND (df.model_name = ( SELECT newest.model_name
                           FROM planning.demand_forecast newest
                          WHERE ((newest.tenant_id = c.tenant_id) AND (newest.product_id = c.product_id) AND (newest.warehouse_id = c.warehouse_id))
                          ORDER BY newest.created_at DESC, newest.model_name
                         LIMIT 1)))
                 HAVING (count(*) > 0)) f ON (true))
             LEFT JOIN LATERAL ( SELECT (- sum(m.quantity)) AS issued
                   FROM (inventory.stock_movement m
                     JOIN warehouse.location ml ON (((m.tenant_id = ml.tenant_id) AND (m.location_id = ml.id))))
                  WHERE ((m.tenant_id = c.tenant_id) AND (m.product_id = c.product_id) AND (ml.warehouse_id = c.warehouse_id) AND (m.occurred_at >= (now() - '90 days'::interval)) AND (m.movement_type = ANY (ARRAY['sale_issue'::inventory.stock_movement_type, 'consumption'::inventory.stock_movement_type])))) t ON (true))
             LEFT JOIN LATERAL ( SELECT sum((poi.quantity_ordered - poi.quantity_received)) AS on_order
                   FROM (procurement.purchase_order_item poi
                     JOIN procurement.purchase_order po ON (((poi.tenant_id = po.tenant_id) AND (poi.purchase_order_id = po.id))))
                  WHERE ((poi.tenant_id = c.tenant_id) AND (poi.product_id = c.product_id) AND (po.status = ANY (ARRAY['ordered'::procurement.po_status, 'partial'::procurement.po_status])))) o ON (true))
             LEFT JOIN LATERAL ( SELECT po.supplier_id
                   FROM ((procurement.purchase_order_item poi
                     JOIN procurement.purchase_order po ON (((poi.tenant_id = po.tenant_id) AND (poi.purchase_order_id = po.id))))
                     JOIN procurement.supplier ls ON (((po.tenant_id = ls.tenant_id) AND (po.supplier_id = ls.id) AND ls.active AND (ls.deleted_at IS NULL))))
                  WHERE ((poi.tenant_id = c.tenant_id) AND (poi.product_id = c.product_id) AND (po.status <> 'cancelled'::procurement.po_status))
                  ORDER BY po.created_at DESC
                 LIMIT 1) last_po ON (true))
        )
 SELECT d.tenant_id,
    d.product_id,
    d.sku,
    d.warehouse_id,
    d.warehouse_code,
    d.available,
    d.reorder_point,
    d.safety_stock_level,
    d.lead_time_days,
        CASE
            WHEN (d.forecast_demand IS NOT NULL) THEN 'forecast'::text
            ELSE 'trailing_average'::text
        END AS demand_source,
    round(COALESCE(d.forecast_demand, (d.trailing_daily_demand * (d.lead_time_days)::numeric)), 3) AS lead_time_demand,
    d.on_order,
    GREATEST(ceil((((COALESCE(d.forecast_demand, (d.trailing_daily_demand * (d.lead_time_days)::numeric)) + d.safety_stock_level) - d.available) - d.on_order)), (0)::numeric) AS suggested_quantity,
    d.supplier_id,
    sup.code AS supplier_code,
    sup.name AS supplier_name
   FROM (demand d
     LEFT JOIN procurement.supplier sup ON (((d.tenant_id = sup.tenant_id) AND (d.supplier_id = sup.id))));


--
-- Name: VIEW reorder_suggestions; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.reorder_suggestions IS 'Each active product × active warehouse whose available stock is at or below its reorder point (> 0): demand over the lead time (product''s, else the preferred supplier''s) from the newest forecast model, prorated by overlap, or else the trailing 90-day daily sales and consumption × lead time; suggested_quantity = ceil(demand + safety stock − available − open purchase quantity), at least 0; the preferred supplier, else the supplier last ordered from, either only while active and not deleted. Open purchase quantity counts every warehouse (orders name none).';


--
-- Name: reservations; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.reservations WITH (security_barrier='true') AS
 SELECT r.tenant_id,
    r.id AS reservation_id,
    r.product_id,
    p.sku,
    r.warehouse_id,
    w.code AS warehouse_code,
    r.quantity,
    r.status,
    r.reference,
    so.sales_order_id,
    r.expires_at,
    r.created_at,
    r.released_at,
    r.fulfilled_at,
    r.version
   FROM (((inventory.reservation r
     JOIN catalog.product p ON (((r.tenant_id = p.tenant_id) AND (r.product_id = p.id))))
     JOIN warehouse.warehouse w ON (((r.tenant_id = w.tenant_id) AND (r.warehouse_id = w.id))))
     LEFT JOIN LATERAL ( SELECT soi.sales_order_id
           FROM sales.sales_order_item soi
          WHERE ((soi.tenant_id = r.tenant_id) AND (soi.reservation_id = r.id))
          ORDER BY soi.sales_order_id
         LIMIT 1) so ON (true));


--
-- Name: VIEW reservations; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.reservations IS 'Each reservation: product, warehouse, quantity, status, reference, expires_at and, for a sales order''s, sales_order_id (which api.ship_sales_order or api.cancel_sales_order settles, not release or fulfil), and version (what api.update_reservation takes).';


--
-- Name: sales_order_fulfilment; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.sales_order_fulfilment WITH (security_barrier='true') AS
 WITH lines AS (
         SELECT soi.tenant_id,
            soi.sales_order_id,
            count(*) AS line_count,
            sum(soi.quantity) AS quantity_ordered,
            COALESCE(sum(r.quantity) FILTER (WHERE (r.status = 'active'::inventory.reservation_status)), (0)::numeric) AS quantity_reserved
           FROM (sales.sales_order_item soi
             LEFT JOIN inventory.reservation r ON (((soi.tenant_id = r.tenant_id) AND (soi.reservation_id = r.id))))
          GROUP BY soi.tenant_id, soi.sales_order_id
        ), shipped AS (
         SELECT sh.tenant_id,
            sh.sales_order_id,
            sum(si.quantity) AS quantity_shipped
           FROM (logistics.shipment sh
             JOIN logistics.shipment_item si ON (((sh.tenant_id = si.tenant_id) AND (sh.id = si.shipment_id))))
          WHERE (sh.status <> 'cancelled'::logistics.shipment_status)
          GROUP BY sh.tenant_id, sh.sales_order_id
        )
 SELECT so.tenant_id,
    so.id AS sales_order_id,
    so.number,
    so.customer_id,
    c.code AS customer_code,
    so.status,
    so.currency,
    so.total_minor,
    COALESCE(l.line_count, (0)::bigint) AS line_count,
    COALESCE(l.quantity_ordered, (0)::numeric) AS quantity_ordered,
    COALESCE(l.quantity_reserved, (0)::numeric) AS quantity_reserved,
    COALESCE(s.quantity_shipped, (0)::numeric) AS quantity_shipped,
    round((((100)::numeric * COALESCE(s.quantity_shipped, (0)::numeric)) / NULLIF(l.quantity_ordered, (0)::numeric)), 1) AS shipped_percent,
    so.created_at,
    so.approved_at,
    so.shipped_at,
    round((EXTRACT(epoch FROM (so.shipped_at - so.created_at)) / (3600)::numeric), 1) AS hours_to_ship,
    so.version,
    so.split_from_id
   FROM (((sales.sales_order so
     JOIN sales.customer c ON (((so.tenant_id = c.tenant_id) AND (so.customer_id = c.id))))
     LEFT JOIN lines l ON (((so.tenant_id = l.tenant_id) AND (so.id = l.sales_order_id))))
     LEFT JOIN shipped s ON (((so.tenant_id = s.tenant_id) AND (so.id = s.sales_order_id))));


--
-- Name: VIEW sales_order_fulfilment; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.sales_order_fulfilment IS 'Each sales order with its customer, status, quantities ordered, held by active reservations and shipped (shipments not cancelled), the share shipped, the hours from creation to shipping, and version (what api.approve_sales_order and api.cancel_sales_order take), and split_from_id, the order a backorder was split from (api.split_sales_order).';


--
-- Name: sales_order_lines; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.sales_order_lines WITH (security_barrier='true') AS
 SELECT soi.tenant_id,
    soi.id AS sales_order_item_id,
    soi.sales_order_id,
    so.number,
    so.status,
    soi.product_id,
    p.sku,
    soi.quantity,
    soi.unit_price_minor,
    soi.line_total_minor,
    so.currency,
    soi.reservation_id
   FROM ((sales.sales_order_item soi
     JOIN sales.sales_order so ON (((soi.tenant_id = so.tenant_id) AND (soi.sales_order_id = so.id))))
     JOIN catalog.product p ON (((soi.tenant_id = p.tenant_id) AND (soi.product_id = p.id))));


--
-- Name: VIEW sales_order_lines; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.sales_order_lines IS 'Each sales order line with its order''s number and status, price, line total and reservation_id (once api.reserve_sales_order has reserved it).';


--
-- Name: shipment_delays; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.shipment_delays WITH (security_barrier='true') AS
 SELECT sh.tenant_id,
    sh.id AS shipment_id,
    sh.sales_order_id,
    so.number AS sales_order_number,
    ca.code AS carrier_code,
    sh.tracking_number,
    sh.status,
    sh.shipped_at,
    sh.expected_delivery_at,
    (now() - sh.expected_delivery_at) AS delay,
    (ceil((EXTRACT(epoch FROM (now() - sh.expected_delivery_at)) / (86400)::numeric)))::integer AS days_late
   FROM ((logistics.shipment sh
     LEFT JOIN sales.sales_order so ON (((sh.tenant_id = so.tenant_id) AND (sh.sales_order_id = so.id))))
     LEFT JOIN logistics.carrier ca ON (((sh.tenant_id = ca.tenant_id) AND (sh.carrier_id = ca.id))))
  WHERE ((sh.status = ANY (ARRAY['in_transit'::logistics.shipment_status, 'delayed'::logistics.shipment_status])) AND (sh.expected_delivery_at < now()));


--
-- Name: VIEW shipment_delays; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.shipment_delays IS 'Shipments in transit (or marked delayed) whose expected_delivery_at has passed, with how late they are (days_late counts started days).';


--
-- Name: shipment_events; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.shipment_events WITH (security_barrier='true') AS
 SELECT e.tenant_id,
    e.id AS event_id,
    e.shipment_id,
    sh.tracking_number,
    e.occurred_at,
    e.status,
    e.location,
    e.details,
    e.created_at
   FROM (logistics.shipment_tracking_event e
     JOIN logistics.shipment sh ON (((e.tenant_id = sh.tenant_id) AND (e.shipment_id = sh.id))));


--
-- Name: VIEW shipment_events; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.shipment_events IS 'Every tracking event of the calling tenant''s shipments (late ones included), with the shipment''s tracking number; filter by shipment_id (indexed with occurred_at).';


--
-- Name: shipment_lines; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.shipment_lines WITH (security_barrier='true') AS
 SELECT si.tenant_id,
    si.shipment_id,
    sh.sales_order_id,
    so.number AS sales_order_number,
    sh.warehouse_id,
    si.sales_order_item_id,
    si.product_id,
    p.sku,
    si.batch_id,
    b.batch_number,
    si.quantity,
    COALESCE(r.returned, (0)::numeric) AS quantity_returned
   FROM (((((( SELECT s.tenant_id,
            s.shipment_id,
            s.sales_order_item_id,
            s.product_id,
            s.batch_id,
            sum(s.quantity) AS quantity
           FROM logistics.shipment_item s
          GROUP BY s.tenant_id, s.shipment_id, s.sales_order_item_id, s.product_id, s.batch_id) si
     JOIN logistics.shipment sh ON (((si.tenant_id = sh.tenant_id) AND (si.shipment_id = sh.id))))
     JOIN sales.sales_order so ON (((sh.tenant_id = so.tenant_id) AND (sh.sales_order_id = so.id))))
     JOIN catalog.product p ON (((si.tenant_id = p.tenant_id) AND (si.product_id = p.id))))
     LEFT JOIN catalog.product_batch b ON (((si.tenant_id = b.tenant_id) AND (si.batch_id = b.id))))
     LEFT JOIN LATERAL ( SELECT sum(m.quantity) AS returned
           FROM inventory.stock_movement m
          WHERE ((m.tenant_id = si.tenant_id) AND (m.reference_type = 'sales_order_item'::text) AND (m.reference_id = si.sales_order_item_id) AND (NOT (m.batch_id IS DISTINCT FROM si.batch_id)))) r ON (true));


--
-- Name: VIEW shipment_lines; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.shipment_lines IS 'What each shipment carried per sales order line and batch (quantity), with its sales order and warehouse, and quantity_returned through api.return_sales_order_item.';


--
-- Name: shipments; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.shipments WITH (security_barrier='true') AS
 SELECT sh.tenant_id,
    sh.id AS shipment_id,
    sh.sales_order_id,
    so.number AS sales_order_number,
    sh.warehouse_id,
    c.code AS carrier_code,
    sh.tracking_number,
    sh.status,
    sh.shipped_at,
    sh.expected_delivery_at,
    sh.delivered_at
   FROM ((logistics.shipment sh
     JOIN sales.sales_order so ON (((sh.tenant_id = so.tenant_id) AND (sh.sales_order_id = so.id))))
     LEFT JOIN logistics.carrier c ON (((sh.tenant_id = c.tenant_id) AND (sh.carrier_id = c.id))));


--
-- Name: VIEW shipments; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.shipments IS 'Each shipment with its sales order, carrier code, tracking number, status and delivery dates.';


--
-- Name: slow_movers; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.slow_movers WITH (security_barrier='true') AS
 SELECT m.tenant_id,
    m.product_id,
    m.warehouse_id,
    m.on_hand,
    m.outbound_90d,
    m.last_outbound_day,
    m.days_since_outbound
   FROM ops.slow_movers m
  WHERE ((m.tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")) AND (EXISTS ( SELECT 1
           FROM warehouse.warehouse w
          WHERE ((w.tenant_id = m.tenant_id) AND (w.id = m.warehouse_id)))));


--
-- Name: VIEW slow_movers; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.slow_movers IS 'Product × warehouse holding stock whose sales and consumption over the trailing 90 days are below 10 % of what is on hand (or nil), for the calling tenant. Refreshed by ops.refresh_reports() (ops.slow_movers).';


--
-- Name: stock_by_location; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.stock_by_location WITH (security_barrier='true') AS
 SELECT i.tenant_id,
    i.product_id,
    p.sku,
    l.warehouse_id,
    w.code AS warehouse_code,
    i.location_id,
    l.code AS location_code,
    l.kind AS location_kind,
    i.batch_id,
    b.batch_number,
    b.expiry_date,
    i.on_hand,
    i.reserved,
    i.available,
    COALESCE((b.held_at IS NOT NULL), false) AS on_hold
   FROM ((((inventory.inventory i
     JOIN catalog.product p ON (((i.tenant_id = p.tenant_id) AND (i.product_id = p.id))))
     JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
     JOIN warehouse.warehouse w ON (((l.tenant_id = w.tenant_id) AND (l.warehouse_id = w.id))))
     LEFT JOIN catalog.product_batch b ON (((i.tenant_id = b.tenant_id) AND (i.batch_id = b.id))))
  WHERE ((i.deleted_at IS NULL) AND (i.on_hand > (0)::numeric));


--
-- Name: VIEW stock_by_location; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.stock_by_location IS 'Every balance with stock on hand: product × location × batch (batch_id NULL for stock not held in a batch), with on_hand, reserved and available, and on_hold when its batch is held (api.hold_batch): allocation passes over such stock, which still counts as available.';


--
-- Name: stock_on_hand; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.stock_on_hand AS
SELECT
    NULL::uuid AS tenant_id,
    NULL::uuid AS product_id,
    NULL::text AS sku,
    NULL::text AS product_name,
    NULL::uuid AS warehouse_id,
    NULL::text AS warehouse_code,
    NULL::numeric AS on_hand,
    NULL::numeric AS reserved,
    NULL::numeric AS available,
    NULL::numeric(14,3) AS safety_stock_level,
    NULL::numeric(14,3) AS reorder_point,
    NULL::numeric(14,3) AS max_stock_level,
    NULL::text AS stock_status;


--
-- Name: VIEW stock_on_hand; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.stock_on_hand IS 'On hand, reserved and available per product × warehouse where the product has ever had a balance, with stock_status: out_of_stock (nothing available), below_safety (available < safety_stock_level), reorder (available <= reorder_point), overstock (on hand > max_stock_level) or ok, judged in that order.';


--
-- Name: stock_valuation; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.stock_valuation WITH (security_barrier='true') AS
 SELECT i.tenant_id,
    i.product_id,
    p.sku,
    l.warehouse_id,
    w.code AS warehouse_code,
    b.currency,
    sum(i.on_hand) AS on_hand,
    (sum(round((i.on_hand * (b.unit_cost_minor)::numeric))))::bigint AS value_minor
   FROM ((((inventory.inventory i
     JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
     JOIN warehouse.warehouse w ON (((l.tenant_id = w.tenant_id) AND (l.warehouse_id = w.id))))
     JOIN catalog.product p ON (((i.tenant_id = p.tenant_id) AND (i.product_id = p.id))))
     LEFT JOIN catalog.product_batch b ON (((i.tenant_id = b.tenant_id) AND (i.batch_id = b.id))))
  WHERE ((i.deleted_at IS NULL) AND (i.on_hand > (0)::numeric))
  GROUP BY i.tenant_id, i.product_id, p.sku, l.warehouse_id, w.code, b.currency;


--
-- Name: VIEW stock_valuation; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.stock_valuation IS 'Value of stock on hand per product × warehouse × currency, each batch at its unit_cost_minor (minor units, rounded per balance row). Stock without a batch or without a cost forms a row with currency and value_minor NULL: quantity that has no value yet.';


--
-- Name: suppliers; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.suppliers WITH (security_barrier='true') AS
 SELECT s.tenant_id,
    s.id AS supplier_id,
    s.code,
    s.name,
    s.email,
    s.phone,
    s.address,
    s.lead_time_days,
    s.active,
    s.version,
    s.created_at,
    s.updated_at
   FROM procurement.supplier s
  WHERE ((s.deleted_at IS NULL) AND (NOT (EXISTS ( SELECT 1
           FROM auth.app_user u
          WHERE ((u.tenant_id = s.tenant_id) AND (u.id = (NULLIF(current_setting('stockdb.user_id'::text, true), ''::text))::uuid) AND (u.role = 'partner'::auth.user_role) AND (u.supplier_id IS DISTINCT FROM s.id))))));


--
-- Name: VIEW suppliers; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.suppliers IS 'The tenant''s suppliers that are not deleted, inactive ones included, with version (what api.update_supplier and api.delete_supplier take). A partner sees its own supplier only.';


--
-- Name: warehouses; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.warehouses WITH (security_barrier='true') AS
 SELECT w.tenant_id,
    w.id AS warehouse_id,
    w.code,
    w.name,
    w.address,
    w.timezone,
    w.active,
    w.version,
    w.created_at,
    w.updated_at
   FROM warehouse.warehouse w;


--
-- Name: VIEW warehouses; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.warehouses IS 'The tenant''s warehouses, inactive ones included, with version (what api.update_warehouse takes).';


--
-- Name: category_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.category_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    path text
);


--
-- Name: TABLE category_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.category_row IS 'Raw rows of a categories import.';


--
-- Name: customer_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.customer_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    code text,
    name text,
    email text,
    phone text
);


--
-- Name: TABLE customer_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.customer_row IS 'Raw rows of a customers import.';


--
-- Name: cycle_count_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.cycle_count_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    warehouse text,
    location text,
    batch_number text,
    counted_quantity text,
    reason text
);


--
-- Name: TABLE cycle_count_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.cycle_count_row IS 'Raw rows of a cycle-counts import.';


--
-- Name: import_batch; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.import_batch (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT ops.uuid_v7() NOT NULL,
    kind text NOT NULL,
    file_name text NOT NULL,
    file_checksum text NOT NULL,
    sheet_name text NOT NULL,
    columns text[] NOT NULL,
    mode text NOT NULL,
    dry_run boolean DEFAULT false NOT NULL,
    status staging.batch_status DEFAULT 'loading'::staging.batch_status NOT NULL,
    row_count integer DEFAULT 0 NOT NULL,
    error_count integer DEFAULT 0 NOT NULL,
    inserted integer DEFAULT 0 NOT NULL,
    updated integer DEFAULT 0 NOT NULL,
    unchanged integer DEFAULT 0 NOT NULL,
    failure jsonb,
    created_by uuid,
    database_role text DEFAULT SESSION_USER NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    staged_at timestamp with time zone,
    validated_at timestamp with time zone,
    checked_at timestamp with time zone,
    CONSTRAINT import_batch_checksum_check CHECK ((file_checksum ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT import_batch_counts_check CHECK (((row_count >= 0) AND (error_count >= 0) AND (inserted >= 0) AND (updated >= 0) AND (unchanged >= 0))),
    CONSTRAINT import_batch_failure_check CHECK (((status = 'failed'::staging.batch_status) = (failure IS NOT NULL))),
    CONSTRAINT import_batch_file_name_check CHECK ((btrim(file_name) <> ''::text)),
    CONSTRAINT import_batch_finished_check CHECK (((status = 'loading'::staging.batch_status) = (finished_at IS NULL))),
    CONSTRAINT import_batch_mode_check CHECK ((mode = ANY (ARRAY['insert'::text, 'upsert'::text])))
);

ALTER TABLE ONLY staging.import_batch FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE import_batch; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.import_batch IS 'One import of one sheet: where it came from (file name, SHA-256, sheet), how it was asked for (kind, mode, dry run), by whom, and how it ended with its counts.';


--
-- Name: COLUMN import_batch.columns; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.columns IS 'The columns the sheet had; an upsert leaves the others as they are.';


--
-- Name: COLUMN import_batch.failure; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.failure IS 'For a failed apply: the SQLSTATE, message, detail and hint it raised.';


--
-- Name: COLUMN import_batch.created_by; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.created_by IS 'The app user in the context (stockdb.user_id), if any.';


--
-- Name: COLUMN import_batch.database_role; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.database_role IS 'The role that logged in to run the import.';


--
-- Name: COLUMN import_batch.staged_at; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.staged_at IS 'When the sheet''s rows were all staged and validation began (started_at to this is reading and COPY).';


--
-- Name: COLUMN import_batch.validated_at; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.validated_at IS 'When every cell had been validated; NULL when the batch had no rows.';


--
-- Name: COLUMN import_batch.checked_at; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_batch.checked_at IS 'When the kind''s row rules had been checked; from this to finished_at is the apply (or, when rejected, only the bookkeeping). NULL when the batch had no rows.';


--
-- Name: import_column; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.import_column (
    kind text NOT NULL,
    column_name text NOT NULL,
    "position" smallint NOT NULL,
    data_type text NOT NULL,
    required boolean DEFAULT false NOT NULL,
    max_length integer,
    pattern text,
    value_list text,
    description text NOT NULL,
    example text,
    CONSTRAINT import_column_data_type_check CHECK ((data_type = ANY (ARRAY['text'::text, 'integer'::text, 'decimal'::text, 'date'::text, 'boolean'::text, 'currency'::text]))),
    CONSTRAINT import_column_max_length_check CHECK ((max_length > 0)),
    CONSTRAINT import_column_name_check CHECK ((column_name ~ '^[a-z][a-z0-9_]{0,62}$'::text)),
    CONSTRAINT import_column_value_list_check CHECK ((value_list = ANY (ARRAY['unit'::text, 'boolean'::text, 'location_kind'::text])))
);


--
-- Name: TABLE import_column; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.import_column IS 'The columns of each import kind in template order: type, whether required, length, pattern and the list of allowed values (templates offer it as a drop-down). Reference data, kept by sql/reference.';


--
-- Name: COLUMN import_column.pattern; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_column.pattern IS 'A regular expression the whole cell must match, mirroring the target table''s CHECK so the error names the cell instead of failing the whole apply.';


--
-- Name: COLUMN import_column.value_list; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.import_column.value_list IS 'Allowed values come from staging.allowed_values(value_list): unit (catalog.unit), boolean or location_kind (warehouse.location_kind).';


--
-- Name: import_error; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.import_error (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    id bigint NOT NULL,
    row_number integer,
    column_name text,
    value text,
    reason text NOT NULL
);

ALTER TABLE ONLY staging.import_error FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE import_error; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.import_error IS 'Why a batch was rejected: one row per failing cell (row_number as in the sheet, 1 = header), or with row_number NULL for the file as a whole.';


--
-- Name: import_error_id_seq; Type: SEQUENCE; Schema: staging; Owner: -
--

ALTER TABLE staging.import_error ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME staging.import_error_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: import_kind; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.import_kind (
    kind text NOT NULL,
    row_table text NOT NULL,
    description text NOT NULL,
    natural_key text[] NOT NULL,
    modes text[] NOT NULL,
    CONSTRAINT import_kind_kind_check CHECK ((kind ~ '^[a-z_]{1,40}$'::text)),
    CONSTRAINT import_kind_modes_check CHECK (((modes <@ ARRAY['insert'::text, 'upsert'::text]) AND (cardinality(modes) > 0))),
    CONSTRAINT import_kind_row_table_check CHECK ((row_table ~ '^[a-z_]{1,60}$'::text))
);


--
-- Name: TABLE import_kind; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.import_kind IS 'What can be imported: each kind''s staging table (in schema staging), the columns that identify a row inside a file, and the modes it supports. Reference data, kept by sql/reference.';


--
-- Name: location_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.location_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    warehouse text,
    code text,
    kind text,
    capacity text,
    active text
);


--
-- Name: TABLE location_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.location_row IS 'Raw rows of a locations import.';


--
-- Name: opening_stock_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.opening_stock_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    warehouse text,
    location text,
    quantity text,
    batch_number text,
    manufacture_date text,
    expiry_date text,
    unit_cost_minor text,
    currency text
);


--
-- Name: TABLE opening_stock_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.opening_stock_row IS 'Raw rows of an opening-stock import.';


--
-- Name: price_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.price_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    unit_price_minor text,
    currency text
);


--
-- Name: TABLE price_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.price_row IS 'Raw rows of a price-update import.';


--
-- Name: product_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.product_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    sku text,
    name text,
    description text,
    category text,
    unit text,
    barcode text,
    unit_price_minor text,
    currency text,
    min_stock_level text,
    reorder_point text,
    safety_stock_level text,
    max_stock_level text,
    lead_time_days text,
    hs_code text,
    country_of_origin text,
    active text
);


--
-- Name: TABLE product_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.product_row IS 'Raw rows of a products import.';


--
-- Name: purchase_order_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.purchase_order_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    po_number text,
    supplier text,
    currency text,
    expected_date text,
    sku text,
    quantity text,
    unit_cost_minor text,
    notes text
);


--
-- Name: TABLE purchase_order_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.purchase_order_row IS 'Raw rows of a purchase-orders import: one row per line.';


--
-- Name: supplier_row; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.supplier_row (
    tenant_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    row_number integer NOT NULL,
    code text,
    name text,
    email text,
    phone text,
    lead_time_days text
);


--
-- Name: TABLE supplier_row; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.supplier_row IS 'Raw rows of a suppliers import.';


--
-- Name: stock_movement_default; Type: TABLE ATTACH; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.stock_movement ATTACH PARTITION inventory.stock_movement_default DEFAULT;


--
-- Name: alert_state alert_state_pkey; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.alert_state
    ADD CONSTRAINT alert_state_pkey PRIMARY KEY (tenant_id, alert_type, subject);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: outbox outbox_position_key; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.outbox
    ADD CONSTRAINT outbox_position_key UNIQUE ("position");


--
-- Name: api_permission api_permission_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.api_permission
    ADD CONSTRAINT api_permission_pkey PRIMARY KEY (function_name);


--
-- Name: app_user app_user_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: refresh_token refresh_token_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.refresh_token
    ADD CONSTRAINT refresh_token_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: refresh_token refresh_token_token_hash_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.refresh_token
    ADD CONSTRAINT refresh_token_token_hash_key UNIQUE (token_hash);


--
-- Name: tenant tenant_code_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.tenant
    ADD CONSTRAINT tenant_code_key UNIQUE (code);


--
-- Name: tenant tenant_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.tenant
    ADD CONSTRAINT tenant_pkey PRIMARY KEY (id);


--
-- Name: product_batch product_batch_number_key; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_batch
    ADD CONSTRAINT product_batch_number_key UNIQUE (tenant_id, product_id, batch_number);


--
-- Name: product_batch product_batch_pkey; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_batch
    ADD CONSTRAINT product_batch_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: product_batch product_batch_product_id_key; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_batch
    ADD CONSTRAINT product_batch_product_id_key UNIQUE (tenant_id, product_id, id);


--
-- Name: product_category product_category_name_key; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_category
    ADD CONSTRAINT product_category_name_key UNIQUE NULLS NOT DISTINCT (tenant_id, parent_id, name);


--
-- Name: product_category product_category_pkey; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_category
    ADD CONSTRAINT product_category_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: product product_pkey; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product
    ADD CONSTRAINT product_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: search_word search_word_pkey; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.search_word
    ADD CONSTRAINT search_word_pkey PRIMARY KEY (tenant_id, word);


--
-- Name: unit unit_pkey; Type: CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.unit
    ADD CONSTRAINT unit_pkey PRIMARY KEY (code);


--
-- Name: capacity_gate capacity_gate_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.capacity_gate
    ADD CONSTRAINT capacity_gate_pkey PRIMARY KEY (tenant_id, location_id);


--
-- Name: inventory inventory_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.inventory
    ADD CONSTRAINT inventory_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: ledger_carry ledger_carry_key; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.ledger_carry
    ADD CONSTRAINT ledger_carry_key UNIQUE NULLS NOT DISTINCT (tenant_id, product_id, batch_id, location_id);


--
-- Name: ledger_carry ledger_carry_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.ledger_carry
    ADD CONSTRAINT ledger_carry_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: ledger_time_zone ledger_time_zone_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.ledger_time_zone
    ADD CONSTRAINT ledger_time_zone_pkey PRIMARY KEY (singleton);


--
-- Name: movement_request movement_request_key; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.movement_request
    ADD CONSTRAINT movement_request_key UNIQUE (tenant_id, idempotency_key);


--
-- Name: movement_request movement_request_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.movement_request
    ADD CONSTRAINT movement_request_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: reservation_line reservation_line_key; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation_line
    ADD CONSTRAINT reservation_line_key UNIQUE NULLS NOT DISTINCT (tenant_id, reservation_id, batch_id, location_id);


--
-- Name: reservation_line reservation_line_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation_line
    ADD CONSTRAINT reservation_line_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: reservation reservation_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation
    ADD CONSTRAINT reservation_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: reservation reservation_scope_key; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation
    ADD CONSTRAINT reservation_scope_key UNIQUE (tenant_id, id, product_id, warehouse_id);


--
-- Name: stock_movement stock_movement_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.stock_movement
    ADD CONSTRAINT stock_movement_pkey PRIMARY KEY (tenant_id, occurred_at, id);


--
-- Name: stock_movement_default stock_movement_default_pkey; Type: CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.stock_movement_default
    ADD CONSTRAINT stock_movement_default_pkey PRIMARY KEY (tenant_id, occurred_at, id);


--
-- Name: stock_movement stock_movement_quantity_sign_check; Type: CHECK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement
    ADD CONSTRAINT stock_movement_quantity_sign_check CHECK (
CASE
    WHEN (movement_type = ANY ('{purchase_receipt,transfer_in,returned,release}'::inventory.stock_movement_type[])) THEN (quantity > (0)::numeric)
    WHEN (movement_type = ANY ('{sale_issue,transfer_out,consumption,reservation}'::inventory.stock_movement_type[])) THEN (quantity < (0)::numeric)
    WHEN (movement_type = 'adjustment'::inventory.stock_movement_type) THEN (quantity <> (0)::numeric)
    ELSE false
END) NOT VALID;


--
-- Name: stock_movement stock_movement_reference_type_check; Type: CHECK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement
    ADD CONSTRAINT stock_movement_reference_type_check CHECK (((length(reference_type) <= 40) AND (reference_type ~ '^[a-z_]+$'::text))) NOT VALID;


--
-- Name: carrier carrier_code_key; Type: CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.carrier
    ADD CONSTRAINT carrier_code_key UNIQUE (tenant_id, code);


--
-- Name: carrier carrier_pkey; Type: CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.carrier
    ADD CONSTRAINT carrier_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: shipment_item shipment_item_pkey; Type: CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_item
    ADD CONSTRAINT shipment_item_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: shipment shipment_pkey; Type: CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment
    ADD CONSTRAINT shipment_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: shipment_tracking_event shipment_tracking_event_pkey; Type: CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_tracking_event
    ADD CONSTRAINT shipment_tracking_event_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: shipment shipment_tracking_number_key; Type: CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment
    ADD CONSTRAINT shipment_tracking_number_key UNIQUE (tenant_id, carrier_id, tracking_number);


--
-- Name: backup backup_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.backup
    ADD CONSTRAINT backup_pkey PRIMARY KEY (id);


--
-- Name: cron_job cron_job_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.cron_job
    ADD CONSTRAINT cron_job_pkey PRIMARY KEY (job_name);


--
-- Name: detached_ledger_month detached_ledger_month_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.detached_ledger_month
    ADD CONSTRAINT detached_ledger_month_pkey PRIMARY KEY (table_name);


--
-- Name: integrity_check_result integrity_check_result_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.integrity_check_result
    ADD CONSTRAINT integrity_check_result_pkey PRIMARY KEY (id);


--
-- Name: ledger_retention ledger_retention_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.ledger_retention
    ADD CONSTRAINT ledger_retention_pkey PRIMARY KEY (singleton);


--
-- Name: maintenance_run maintenance_run_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.maintenance_run
    ADD CONSTRAINT maintenance_run_pkey PRIMARY KEY (id);


--
-- Name: migration_file migration_file_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.migration_file
    ADD CONSTRAINT migration_file_pkey PRIMARY KEY (migration_id);


--
-- Name: repeatable_file repeatable_file_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.repeatable_file
    ADD CONSTRAINT repeatable_file_pkey PRIMARY KEY (path);


--
-- Name: report_refresh report_refresh_order_key; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.report_refresh
    ADD CONSTRAINT report_refresh_order_key UNIQUE (refresh_order);


--
-- Name: report_refresh report_refresh_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.report_refresh
    ADD CONSTRAINT report_refresh_pkey PRIMARY KEY (report_name);


--
-- Name: status_transition status_transition_pkey; Type: CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.status_transition
    ADD CONSTRAINT status_transition_pkey PRIMARY KEY (document_type, from_status, to_status);


--
-- Name: demand_forecast demand_forecast_no_overlap; Type: CONSTRAINT; Schema: planning; Owner: -
--

ALTER TABLE ONLY planning.demand_forecast
    ADD CONSTRAINT demand_forecast_no_overlap EXCLUDE USING gist (tenant_id WITH =, product_id WITH =, warehouse_id WITH =, model_name WITH =, daterange(period_start, period_end) WITH &&);


--
-- Name: demand_forecast demand_forecast_pkey; Type: CONSTRAINT; Schema: planning; Owner: -
--

ALTER TABLE ONLY planning.demand_forecast
    ADD CONSTRAINT demand_forecast_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: purchase_order_item purchase_order_item_pkey; Type: CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order_item
    ADD CONSTRAINT purchase_order_item_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: purchase_order purchase_order_number_key; Type: CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order
    ADD CONSTRAINT purchase_order_number_key UNIQUE (tenant_id, number);


--
-- Name: purchase_order purchase_order_pkey; Type: CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order
    ADD CONSTRAINT purchase_order_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: supplier supplier_pkey; Type: CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.supplier
    ADD CONSTRAINT supplier_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: _yoyo_log _yoyo_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._yoyo_log
    ADD CONSTRAINT _yoyo_log_pkey PRIMARY KEY (id);


--
-- Name: _yoyo_migration _yoyo_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._yoyo_migration
    ADD CONSTRAINT _yoyo_migration_pkey PRIMARY KEY (migration_hash);


--
-- Name: _yoyo_version _yoyo_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._yoyo_version
    ADD CONSTRAINT _yoyo_version_pkey PRIMARY KEY (version);


--
-- Name: yoyo_lock yoyo_lock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.yoyo_lock
    ADD CONSTRAINT yoyo_lock_pkey PRIMARY KEY (locked);


--
-- Name: movement_daily movement_daily_pkey; Type: CONSTRAINT; Schema: report; Owner: -
--

ALTER TABLE ONLY report.movement_daily
    ADD CONSTRAINT movement_daily_pkey PRIMARY KEY (tenant_id, day, product_id, warehouse_id, movement_type);


--
-- Name: customer customer_pkey; Type: CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.customer
    ADD CONSTRAINT customer_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: sales_order_item sales_order_item_pkey; Type: CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order_item
    ADD CONSTRAINT sales_order_item_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: sales_order sales_order_number_key; Type: CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order
    ADD CONSTRAINT sales_order_number_key UNIQUE (tenant_id, number);


--
-- Name: sales_order sales_order_pkey; Type: CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order
    ADD CONSTRAINT sales_order_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: category_row category_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.category_row
    ADD CONSTRAINT category_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: customer_row customer_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.customer_row
    ADD CONSTRAINT customer_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: cycle_count_row cycle_count_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.cycle_count_row
    ADD CONSTRAINT cycle_count_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: import_batch import_batch_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_batch
    ADD CONSTRAINT import_batch_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: import_column import_column_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_column
    ADD CONSTRAINT import_column_pkey PRIMARY KEY (kind, column_name);


--
-- Name: import_column import_column_position_key; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_column
    ADD CONSTRAINT import_column_position_key UNIQUE (kind, "position");


--
-- Name: import_error import_error_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_error
    ADD CONSTRAINT import_error_pkey PRIMARY KEY (tenant_id, batch_id, id);


--
-- Name: import_kind import_kind_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_kind
    ADD CONSTRAINT import_kind_pkey PRIMARY KEY (kind);


--
-- Name: location_row location_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.location_row
    ADD CONSTRAINT location_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: opening_stock_row opening_stock_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.opening_stock_row
    ADD CONSTRAINT opening_stock_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: price_row price_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.price_row
    ADD CONSTRAINT price_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: product_row product_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.product_row
    ADD CONSTRAINT product_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: purchase_order_row purchase_order_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.purchase_order_row
    ADD CONSTRAINT purchase_order_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: supplier_row supplier_row_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.supplier_row
    ADD CONSTRAINT supplier_row_pkey PRIMARY KEY (tenant_id, batch_id, row_number);


--
-- Name: location location_code_key; Type: CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.location
    ADD CONSTRAINT location_code_key UNIQUE (tenant_id, warehouse_id, code);


--
-- Name: location location_pkey; Type: CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.location
    ADD CONSTRAINT location_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: location location_warehouse_id_key; Type: CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.location
    ADD CONSTRAINT location_warehouse_id_key UNIQUE (tenant_id, warehouse_id, id);


--
-- Name: warehouse warehouse_code_key; Type: CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.warehouse
    ADD CONSTRAINT warehouse_code_key UNIQUE (tenant_id, code);


--
-- Name: warehouse warehouse_pkey; Type: CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.warehouse
    ADD CONSTRAINT warehouse_pkey PRIMARY KEY (tenant_id, id);


--
-- Name: alert_state_open_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX alert_state_open_idx ON audit.alert_state USING btree (tenant_id, alert_type) WHERE active;


--
-- Name: outbox_delivered_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX outbox_delivered_idx ON audit.outbox USING btree (delivered_at) WHERE (delivered_at IS NOT NULL);


--
-- Name: outbox_pending_idx; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX outbox_pending_idx ON audit.outbox USING btree ("position") WHERE (delivered_at IS NULL);


--
-- Name: app_user_email_key; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX app_user_email_key ON auth.app_user USING btree (tenant_id, lower(email));


--
-- Name: app_user_supplier_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX app_user_supplier_idx ON auth.app_user USING btree (tenant_id, supplier_id);


--
-- Name: refresh_token_expires_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX refresh_token_expires_idx ON auth.refresh_token USING btree (expires_at);


--
-- Name: refresh_token_family_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX refresh_token_family_idx ON auth.refresh_token USING btree (tenant_id, family_id);


--
-- Name: refresh_token_replaced_by_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX refresh_token_replaced_by_idx ON auth.refresh_token USING btree (tenant_id, replaced_by) WHERE (replaced_by IS NOT NULL);


--
-- Name: refresh_token_user_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX refresh_token_user_idx ON auth.refresh_token USING btree (tenant_id, user_id);


--
-- Name: product_barcode_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_barcode_idx ON catalog.product USING btree (tenant_id, barcode) WHERE (barcode IS NOT NULL);


--
-- Name: product_batch_expiry_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_batch_expiry_idx ON catalog.product_batch USING btree (tenant_id, product_id, expiry_date, received_at);


--
-- Name: product_category_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_category_idx ON catalog.product USING btree (tenant_id, category_id);


--
-- Name: product_category_name_search_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_category_name_search_idx ON catalog.product_category USING gin (to_tsvector('english'::regconfig, name));


--
-- Name: product_category_parent_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_category_parent_idx ON catalog.product_category USING btree (tenant_id, parent_id);


--
-- Name: product_category_path_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_category_path_idx ON catalog.product_category USING btree (tenant_id, path text_pattern_ops);


--
-- Name: product_preferred_supplier_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_preferred_supplier_idx ON catalog.product USING btree (tenant_id, preferred_supplier_id) WHERE (preferred_supplier_id IS NOT NULL);


--
-- Name: product_reorder_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_reorder_idx ON catalog.product USING btree (tenant_id, id) WHERE ((reorder_point > (0)::numeric) AND (deleted_at IS NULL));


--
-- Name: product_search_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_search_idx ON catalog.product USING gin (search);


--
-- Name: product_sku_live_key; Type: INDEX; Schema: catalog; Owner: -
--

CREATE UNIQUE INDEX product_sku_live_key ON catalog.product USING btree (tenant_id, sku) WHERE (deleted_at IS NULL);


--
-- Name: product_sku_prefix_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX product_sku_prefix_idx ON catalog.product USING btree (tenant_id, lower(sku) text_pattern_ops) WHERE (deleted_at IS NULL);


--
-- Name: search_word_trgm_idx; Type: INDEX; Schema: catalog; Owner: -
--

CREATE INDEX search_word_trgm_idx ON catalog.search_word USING gin (word public.gin_trgm_ops);


--
-- Name: inventory_batch_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX inventory_batch_idx ON inventory.inventory USING btree (tenant_id, product_id, batch_id) WHERE (batch_id IS NOT NULL);


--
-- Name: inventory_live_key; Type: INDEX; Schema: inventory; Owner: -
--

CREATE UNIQUE INDEX inventory_live_key ON inventory.inventory USING btree (tenant_id, product_id, location_id, batch_id) NULLS NOT DISTINCT WHERE (deleted_at IS NULL);


--
-- Name: inventory_location_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX inventory_location_idx ON inventory.inventory USING btree (tenant_id, location_id);


--
-- Name: inventory_stock_lookup_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX inventory_stock_lookup_idx ON inventory.inventory USING btree (tenant_id, product_id) INCLUDE (location_id, batch_id) WHERE (deleted_at IS NULL);


--
-- Name: ledger_carry_location_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX ledger_carry_location_idx ON inventory.ledger_carry USING btree (tenant_id, location_id);


--
-- Name: movement_request_created_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX movement_request_created_idx ON inventory.movement_request USING btree (created_at);


--
-- Name: reservation_active_expiry_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX reservation_active_expiry_idx ON inventory.reservation USING btree (expires_at) WHERE ((status = 'active'::inventory.reservation_status) AND (expires_at IS NOT NULL));


--
-- Name: reservation_line_batch_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX reservation_line_batch_idx ON inventory.reservation_line USING btree (tenant_id, product_id, batch_id) WHERE (batch_id IS NOT NULL);


--
-- Name: reservation_line_location_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX reservation_line_location_idx ON inventory.reservation_line USING btree (tenant_id, warehouse_id, location_id);


--
-- Name: reservation_line_reservation_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX reservation_line_reservation_idx ON inventory.reservation_line USING btree (tenant_id, reservation_id, product_id, warehouse_id);


--
-- Name: reservation_product_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX reservation_product_idx ON inventory.reservation USING btree (tenant_id, product_id);


--
-- Name: reservation_warehouse_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX reservation_warehouse_idx ON inventory.reservation USING btree (tenant_id, warehouse_id);


--
-- Name: stock_movement_location_occurred_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX stock_movement_location_occurred_idx ON ONLY inventory.stock_movement USING btree (tenant_id, location_id, occurred_at);


--
-- Name: stock_movement_default_tenant_id_location_id_occurred_at_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX stock_movement_default_tenant_id_location_id_occurred_at_idx ON inventory.stock_movement_default USING btree (tenant_id, location_id, occurred_at);


--
-- Name: stock_movement_product_occurred_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX stock_movement_product_occurred_idx ON ONLY inventory.stock_movement USING btree (tenant_id, product_id, occurred_at);


--
-- Name: stock_movement_default_tenant_id_product_id_occurred_at_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX stock_movement_default_tenant_id_product_id_occurred_at_idx ON inventory.stock_movement_default USING btree (tenant_id, product_id, occurred_at);


--
-- Name: stock_movement_reference_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX stock_movement_reference_idx ON ONLY inventory.stock_movement USING btree (tenant_id, reference_type, reference_id) WHERE (reference_id IS NOT NULL);


--
-- Name: stock_movement_default_tenant_id_reference_type_reference_i_idx; Type: INDEX; Schema: inventory; Owner: -
--

CREATE INDEX stock_movement_default_tenant_id_reference_type_reference_i_idx ON inventory.stock_movement_default USING btree (tenant_id, reference_type, reference_id) WHERE (reference_id IS NOT NULL);


--
-- Name: shipment_item_product_batch_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_item_product_batch_idx ON logistics.shipment_item USING btree (tenant_id, product_id, batch_id);


--
-- Name: shipment_item_sales_order_item_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_item_sales_order_item_idx ON logistics.shipment_item USING btree (tenant_id, sales_order_item_id);


--
-- Name: shipment_item_shipment_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_item_shipment_idx ON logistics.shipment_item USING btree (tenant_id, shipment_id);


--
-- Name: shipment_sales_order_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_sales_order_idx ON logistics.shipment USING btree (tenant_id, sales_order_id);


--
-- Name: shipment_tracking_event_shipment_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_tracking_event_shipment_idx ON logistics.shipment_tracking_event USING btree (tenant_id, shipment_id, occurred_at);


--
-- Name: shipment_undelivered_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_undelivered_idx ON logistics.shipment USING btree (tenant_id, expected_delivery_at) WHERE (status = ANY (ARRAY['in_transit'::logistics.shipment_status, 'delayed'::logistics.shipment_status]));


--
-- Name: shipment_warehouse_idx; Type: INDEX; Schema: logistics; Owner: -
--

CREATE INDEX shipment_warehouse_idx ON logistics.shipment USING btree (tenant_id, warehouse_id);


--
-- Name: backup_good_idx; Type: INDEX; Schema: ops; Owner: -
--

CREATE INDEX backup_good_idx ON ops.backup USING btree (finished_at) WHERE (status = 'ok'::text);


--
-- Name: integrity_check_result_run_idx; Type: INDEX; Schema: ops; Owner: -
--

CREATE INDEX integrity_check_result_run_idx ON ops.integrity_check_result USING btree (run_id);


--
-- Name: inventory_turnover_key; Type: INDEX; Schema: ops; Owner: -
--

CREATE UNIQUE INDEX inventory_turnover_key ON ops.inventory_turnover USING btree (tenant_id, product_id, warehouse_id);


--
-- Name: maintenance_run_job_idx; Type: INDEX; Schema: ops; Owner: -
--

CREATE INDEX maintenance_run_job_idx ON ops.maintenance_run USING btree (job_name, started_at DESC);


--
-- Name: slow_movers_key; Type: INDEX; Schema: ops; Owner: -
--

CREATE UNIQUE INDEX slow_movers_key ON ops.slow_movers USING btree (tenant_id, product_id, warehouse_id);


--
-- Name: demand_forecast_warehouse_idx; Type: INDEX; Schema: planning; Owner: -
--

CREATE INDEX demand_forecast_warehouse_idx ON planning.demand_forecast USING btree (tenant_id, warehouse_id);


--
-- Name: purchase_order_item_order_idx; Type: INDEX; Schema: procurement; Owner: -
--

CREATE INDEX purchase_order_item_order_idx ON procurement.purchase_order_item USING btree (tenant_id, purchase_order_id);


--
-- Name: purchase_order_item_product_idx; Type: INDEX; Schema: procurement; Owner: -
--

CREATE INDEX purchase_order_item_product_idx ON procurement.purchase_order_item USING btree (tenant_id, product_id);


--
-- Name: purchase_order_open_idx; Type: INDEX; Schema: procurement; Owner: -
--

CREATE INDEX purchase_order_open_idx ON procurement.purchase_order USING btree (tenant_id, status) WHERE (status = ANY (ARRAY['ordered'::procurement.po_status, 'partial'::procurement.po_status]));


--
-- Name: purchase_order_supplier_idx; Type: INDEX; Schema: procurement; Owner: -
--

CREATE INDEX purchase_order_supplier_idx ON procurement.purchase_order USING btree (tenant_id, supplier_id);


--
-- Name: supplier_code_live_key; Type: INDEX; Schema: procurement; Owner: -
--

CREATE UNIQUE INDEX supplier_code_live_key ON procurement.supplier USING btree (tenant_id, code) WHERE (deleted_at IS NULL);


--
-- Name: movement_daily_product_idx; Type: INDEX; Schema: report; Owner: -
--

CREATE INDEX movement_daily_product_idx ON report.movement_daily USING btree (tenant_id, product_id, warehouse_id, day);


--
-- Name: customer_code_live_key; Type: INDEX; Schema: sales; Owner: -
--

CREATE UNIQUE INDEX customer_code_live_key ON sales.customer USING btree (tenant_id, code) WHERE (deleted_at IS NULL);


--
-- Name: customer_email_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX customer_email_idx ON sales.customer USING btree (tenant_id, lower(email)) WHERE (email IS NOT NULL);


--
-- Name: sales_order_customer_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX sales_order_customer_idx ON sales.sales_order USING btree (tenant_id, customer_id);


--
-- Name: sales_order_item_order_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX sales_order_item_order_idx ON sales.sales_order_item USING btree (tenant_id, sales_order_id);


--
-- Name: sales_order_item_product_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX sales_order_item_product_idx ON sales.sales_order_item USING btree (tenant_id, product_id);


--
-- Name: sales_order_item_reservation_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX sales_order_item_reservation_idx ON sales.sales_order_item USING btree (tenant_id, reservation_id) WHERE (reservation_id IS NOT NULL);


--
-- Name: sales_order_open_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX sales_order_open_idx ON sales.sales_order USING btree (tenant_id, status) WHERE (status = ANY (ARRAY['pending'::sales.order_status, 'approved'::sales.order_status, 'processing'::sales.order_status]));


--
-- Name: sales_order_split_from_idx; Type: INDEX; Schema: sales; Owner: -
--

CREATE INDEX sales_order_split_from_idx ON sales.sales_order USING btree (tenant_id, split_from_id) WHERE (split_from_id IS NOT NULL);


--
-- Name: import_batch_applied_key; Type: INDEX; Schema: staging; Owner: -
--

CREATE UNIQUE INDEX import_batch_applied_key ON staging.import_batch USING btree (tenant_id, kind, file_checksum) WHERE (status = 'applied'::staging.batch_status);


--
-- Name: import_batch_started_idx; Type: INDEX; Schema: staging; Owner: -
--

CREATE INDEX import_batch_started_idx ON staging.import_batch USING btree (tenant_id, started_at);


--
-- Name: import_error_row_idx; Type: INDEX; Schema: staging; Owner: -
--

CREATE INDEX import_error_row_idx ON staging.import_error USING btree (tenant_id, batch_id, row_number);


--
-- Name: stock_movement_default_pkey; Type: INDEX ATTACH; Schema: inventory; Owner: -
--

ALTER INDEX inventory.stock_movement_pkey ATTACH PARTITION inventory.stock_movement_default_pkey;


--
-- Name: stock_movement_default_tenant_id_location_id_occurred_at_idx; Type: INDEX ATTACH; Schema: inventory; Owner: -
--

ALTER INDEX inventory.stock_movement_location_occurred_idx ATTACH PARTITION inventory.stock_movement_default_tenant_id_location_id_occurred_at_idx;


--
-- Name: stock_movement_default_tenant_id_product_id_occurred_at_idx; Type: INDEX ATTACH; Schema: inventory; Owner: -
--

ALTER INDEX inventory.stock_movement_product_occurred_idx ATTACH PARTITION inventory.stock_movement_default_tenant_id_product_id_occurred_at_idx;


--
-- Name: stock_movement_default_tenant_id_reference_type_reference_i_idx; Type: INDEX ATTACH; Schema: inventory; Owner: -
--

ALTER INDEX inventory.stock_movement_reference_idx ATTACH PARTITION inventory.stock_movement_default_tenant_id_reference_type_reference_i_idx;


--
-- Name: purchase_order_status _RETURN; Type: RULE; Schema: report; Owner: -
--

CREATE OR REPLACE VIEW report.purchase_order_status WITH (security_barrier='true') AS
 SELECT po.tenant_id,
    po.id AS purchase_order_id,
    po.number,
    po.supplier_id,
    s.code AS supplier_code,
    s.name AS supplier_name,
    po.status,
    po.currency,
    po.total_minor,
    count(poi.id) AS line_count,
    COALESCE(sum(poi.quantity_ordered), (0)::numeric) AS quantity_ordered,
    COALESCE(sum(poi.quantity_received), (0)::numeric) AS quantity_received,
    round((((100)::numeric * COALESCE(sum(poi.quantity_received), (0)::numeric)) / NULLIF(sum(poi.quantity_ordered), (0)::numeric)), 1) AS received_percent,
    po.ordered_at,
    po.expected_at,
    po.received_at,
    ((po.status = ANY (ARRAY['ordered'::procurement.po_status, 'partial'::procurement.po_status])) AND (po.expected_at < now())) AS overdue,
    po.version
   FROM ((procurement.purchase_order po
     JOIN procurement.supplier s ON (((po.tenant_id = s.tenant_id) AND (po.supplier_id = s.id))))
     LEFT JOIN procurement.purchase_order_item poi ON (((po.tenant_id = poi.tenant_id) AND (po.id = poi.purchase_order_id))))
  GROUP BY po.tenant_id, po.id, s.tenant_id, s.id;


--
-- Name: stock_on_hand _RETURN; Type: RULE; Schema: report; Owner: -
--

CREATE OR REPLACE VIEW report.stock_on_hand WITH (security_barrier='true') AS
 SELECT i.tenant_id,
    i.product_id,
    p.sku,
    p.name AS product_name,
    l.warehouse_id,
    w.code AS warehouse_code,
    sum(i.on_hand) AS on_hand,
    sum(i.reserved) AS reserved,
    sum(i.available) AS available,
    p.safety_stock_level,
    p.reorder_point,
    p.max_stock_level,
        CASE
            WHEN (sum(i.available) <= (0)::numeric) THEN 'out_of_stock'::text
            WHEN (sum(i.available) < p.safety_stock_level) THEN 'below_safety'::text
            WHEN ((p.reorder_point > (0)::numeric) AND (sum(i.available) <= p.reorder_point)) THEN 'reorder'::text
            WHEN (sum(i.on_hand) > p.max_stock_level) THEN 'overstock'::text
            ELSE 'ok'::text
        END AS stock_status
   FROM (((inventory.inventory i
     JOIN warehouse.location l ON (((i.tenant_id = l.tenant_id) AND (i.location_id = l.id))))
     JOIN warehouse.warehouse w ON (((l.tenant_id = w.tenant_id) AND (l.warehouse_id = w.id))))
     JOIN catalog.product p ON (((i.tenant_id = p.tenant_id) AND (i.product_id = p.id))))
  WHERE ((i.deleted_at IS NULL) AND (p.deleted_at IS NULL))
  GROUP BY i.tenant_id, i.product_id, l.warehouse_id, p.tenant_id, p.id, w.tenant_id, w.id;


--
-- Name: app_user _090_version; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON auth.app_user FOR EACH ROW WHEN (((to_jsonb(old.*) - '{failed_login_count,locked_until,last_login_at,updated_at}'::text[]) IS DISTINCT FROM (to_jsonb(new.*) - '{failed_login_count,locked_until,last_login_at,updated_at}'::text[]))) EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: app_user _100_touch; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON auth.app_user FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: tenant _100_touch; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON auth.tenant FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: app_user _900_audit_delete; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON auth.app_user REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: tenant _900_audit_delete; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON auth.tenant REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: app_user _900_audit_insert; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON auth.app_user REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: tenant _900_audit_insert; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON auth.tenant REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: app_user _900_audit_update; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON auth.app_user REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: tenant _900_audit_update; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON auth.tenant REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: product _040_unit_fixed; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _040_unit_fixed BEFORE UPDATE OF unit ON catalog.product FOR EACH ROW WHEN ((new.unit IS DISTINCT FROM old.unit)) EXECUTE FUNCTION catalog.tg_product__unit_fixed();


--
-- Name: product _090_version; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON catalog.product FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: product_batch _090_version; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON catalog.product_batch FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: product_category _090_version; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON catalog.product_category FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: product _100_touch; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON catalog.product FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: product_batch _100_touch; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON catalog.product_batch FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: product_category _100_touch; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON catalog.product_category FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: product_category _200_move_subtree; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _200_move_subtree AFTER UPDATE OF parent_id ON catalog.product_category FOR EACH ROW WHEN ((old.path IS DISTINCT FROM new.path)) EXECUTE FUNCTION catalog.tg_product_category__move_subtree();


--
-- Name: product_category _200_path; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _200_path BEFORE INSERT OR UPDATE OF parent_id, path, depth ON catalog.product_category FOR EACH ROW EXECUTE FUNCTION catalog.tg_product_category__path();


--
-- Name: product _200_search_words_insert; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _200_search_words_insert AFTER INSERT ON catalog.product REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION catalog.tg_product__search_words();


--
-- Name: product _200_search_words_update; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _200_search_words_update AFTER UPDATE ON catalog.product REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION catalog.tg_product__search_words();


--
-- Name: product _900_audit_delete; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON catalog.product REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: product_batch _900_audit_delete; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON catalog.product_batch REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: product_category _900_audit_delete; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON catalog.product_category REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: product _900_audit_insert; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON catalog.product REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: product_batch _900_audit_insert; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON catalog.product_batch REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: product_category _900_audit_insert; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON catalog.product_category REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: product _900_audit_update; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON catalog.product REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: product_batch _900_audit_update; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON catalog.product_batch REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: product_category _900_audit_update; Type: TRIGGER; Schema: catalog; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON catalog.product_category REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: stock_movement _010_append_only; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _010_append_only BEFORE DELETE OR UPDATE ON inventory.stock_movement FOR EACH ROW EXECUTE FUNCTION inventory.tg_stock_movement__append_only();


--
-- Name: stock_movement _010_append_only_truncate; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _010_append_only_truncate BEFORE TRUNCATE ON inventory.stock_movement FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__append_only();


--
-- Name: inventory _010_only_from_ledger; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _010_only_from_ledger BEFORE INSERT OR UPDATE ON inventory.inventory FOR EACH ROW EXECUTE FUNCTION inventory.tg_inventory__only_from_ledger();


--
-- Name: reservation _050_status_transition; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _050_status_transition BEFORE UPDATE OF status ON inventory.reservation FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION ops.tg__check_status_transition('reservation');


--
-- Name: inventory _090_version; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON inventory.inventory FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: reservation _090_version; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON inventory.reservation FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: stock_movement _100_balance; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _100_balance AFTER INSERT ON inventory.stock_movement FOR EACH ROW WHEN ((new.reference_type IS DISTINCT FROM 'import_batch'::text)) EXECUTE FUNCTION inventory.tg_stock_movement__balance();


--
-- Name: stock_movement _100_import_pending; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _100_import_pending BEFORE INSERT ON inventory.stock_movement FOR EACH ROW WHEN (((new.reference_type = 'import_batch'::text) AND (current_setting('stockdb.import_balance_pending'::text, true) IS DISTINCT FROM 'on'::text))) EXECUTE FUNCTION inventory.tg_stock_movement__import_pending();


--
-- Name: inventory _100_touch; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON inventory.inventory FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: reservation _100_touch; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON inventory.reservation FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: stock_movement _150_import_balance; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _150_import_balance AFTER INSERT ON inventory.stock_movement REFERENCING NEW TABLE AS moved FOR EACH STATEMENT WHEN ((current_setting('stockdb.import_balance_pending'::text, true) = 'on'::text)) EXECUTE FUNCTION inventory.tg_stock_movement__import_balance();


--
-- Name: stock_movement _200_alerts; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _200_alerts AFTER INSERT ON inventory.stock_movement REFERENCING NEW TABLE AS moved FOR EACH STATEMENT EXECUTE FUNCTION inventory.tg_stock_movement__alerts();


--
-- Name: stock_movement _300_reports_dirty; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _300_reports_dirty AFTER INSERT ON inventory.stock_movement FOR EACH STATEMENT EXECUTE FUNCTION ops.tg__mark_reports_dirty('report.movement_daily', 'ops.slow_movers', 'ops.inventory_turnover');


--
-- Name: reservation _900_audit_delete; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON inventory.reservation REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: reservation_line _900_audit_delete; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON inventory.reservation_line REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: reservation _900_audit_insert; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON inventory.reservation REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: reservation_line _900_audit_insert; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON inventory.reservation_line REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: reservation _900_audit_update; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON inventory.reservation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: reservation_line _900_audit_update; Type: TRIGGER; Schema: inventory; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON inventory.reservation_line REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: shipment _050_status_transition; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _050_status_transition BEFORE UPDATE OF status ON logistics.shipment FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION ops.tg__check_status_transition('shipment');


--
-- Name: carrier _090_version; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON logistics.carrier FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: shipment _090_version; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON logistics.shipment FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: carrier _100_touch; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON logistics.carrier FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: shipment _100_touch; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON logistics.shipment FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: shipment _200_close_order; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _200_close_order AFTER UPDATE OF status ON logistics.shipment FOR EACH ROW WHEN (((new.status = 'delivered'::logistics.shipment_status) AND (old.status IS DISTINCT FROM 'delivered'::logistics.shipment_status))) EXECUTE FUNCTION logistics.tg_shipment__close_order();


--
-- Name: carrier _900_audit_delete; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON logistics.carrier REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: shipment _900_audit_delete; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON logistics.shipment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: shipment_item _900_audit_delete; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON logistics.shipment_item REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: shipment_tracking_event _900_audit_delete; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON logistics.shipment_tracking_event REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: carrier _900_audit_insert; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON logistics.carrier REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: shipment _900_audit_insert; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON logistics.shipment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: shipment_item _900_audit_insert; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON logistics.shipment_item REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: shipment_tracking_event _900_audit_insert; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON logistics.shipment_tracking_event REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: carrier _900_audit_update; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON logistics.carrier REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: shipment _900_audit_update; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON logistics.shipment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: shipment_item _900_audit_update; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON logistics.shipment_item REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: shipment_tracking_event _900_audit_update; Type: TRIGGER; Schema: logistics; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON logistics.shipment_tracking_event REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: demand_forecast _100_touch; Type: TRIGGER; Schema: planning; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON planning.demand_forecast FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: demand_forecast _900_audit_delete; Type: TRIGGER; Schema: planning; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON planning.demand_forecast REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: demand_forecast _900_audit_insert; Type: TRIGGER; Schema: planning; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON planning.demand_forecast REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: demand_forecast _900_audit_update; Type: TRIGGER; Schema: planning; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON planning.demand_forecast REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: purchase_order _050_status_transition; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _050_status_transition BEFORE UPDATE OF status ON procurement.purchase_order FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION ops.tg__check_status_transition('purchase_order');


--
-- Name: purchase_order _090_version; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON procurement.purchase_order FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: supplier _090_version; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON procurement.supplier FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: purchase_order _100_touch; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON procurement.purchase_order FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: purchase_order_item _100_touch; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON procurement.purchase_order_item FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: supplier _100_touch; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON procurement.supplier FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: purchase_order_item _300_total; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _300_total AFTER INSERT OR DELETE OR UPDATE OF quantity_ordered, unit_cost_minor, purchase_order_id, tenant_id ON procurement.purchase_order_item FOR EACH ROW EXECUTE FUNCTION procurement.tg_purchase_order_item__total();


--
-- Name: purchase_order _900_audit_delete; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON procurement.purchase_order REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: purchase_order_item _900_audit_delete; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON procurement.purchase_order_item REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: supplier _900_audit_delete; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON procurement.supplier REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: purchase_order _900_audit_insert; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON procurement.purchase_order REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: purchase_order_item _900_audit_insert; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON procurement.purchase_order_item REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: supplier _900_audit_insert; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON procurement.supplier REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: purchase_order _900_audit_update; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON procurement.purchase_order REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: purchase_order_item _900_audit_update; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON procurement.purchase_order_item REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: supplier _900_audit_update; Type: TRIGGER; Schema: procurement; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON procurement.supplier REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: sales_order _050_status_transition; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _050_status_transition BEFORE UPDATE OF status ON sales.sales_order FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION ops.tg__check_status_transition('sales_order');


--
-- Name: sales_order _060_cancel_shipped; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _060_cancel_shipped BEFORE UPDATE OF status ON sales.sales_order FOR EACH ROW WHEN (((old.status = 'shipped'::sales.order_status) AND (new.status = 'cancelled'::sales.order_status))) EXECUTE FUNCTION sales.tg_sales_order__cancel_shipped();


--
-- Name: customer _090_version; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON sales.customer FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: sales_order _090_version; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON sales.sales_order FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: customer _100_touch; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON sales.customer FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: sales_order _100_touch; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON sales.sales_order FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: sales_order_item _100_touch; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON sales.sales_order_item FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: sales_order_item _300_subtotal; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _300_subtotal AFTER INSERT OR DELETE OR UPDATE OF quantity, unit_price_minor, sales_order_id, tenant_id ON sales.sales_order_item FOR EACH ROW EXECUTE FUNCTION sales.tg_sales_order_item__subtotal();


--
-- Name: customer _900_audit_delete; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON sales.customer REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: sales_order _900_audit_delete; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON sales.sales_order REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: sales_order_item _900_audit_delete; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON sales.sales_order_item REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: customer _900_audit_insert; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON sales.customer REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: sales_order _900_audit_insert; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON sales.sales_order REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: sales_order_item _900_audit_insert; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON sales.sales_order_item REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: customer _900_audit_update; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON sales.customer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: sales_order _900_audit_update; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON sales.sales_order REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: sales_order_item _900_audit_update; Type: TRIGGER; Schema: sales; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON sales.sales_order_item REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: location _090_version; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON warehouse.location FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: warehouse _090_version; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _090_version BEFORE UPDATE ON warehouse.warehouse FOR EACH ROW EXECUTE FUNCTION ops.tg__check_version();


--
-- Name: location _100_touch; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON warehouse.location FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: warehouse _100_touch; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _100_touch BEFORE UPDATE ON warehouse.warehouse FOR EACH ROW EXECUTE FUNCTION ops.tg__touch();


--
-- Name: location _300_reports_dirty; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _300_reports_dirty AFTER UPDATE ON warehouse.location FOR EACH STATEMENT EXECUTE FUNCTION ops.tg__mark_reports_dirty('ops.slow_movers', 'ops.inventory_turnover');


--
-- Name: location _900_audit_delete; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON warehouse.location REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: warehouse _900_audit_delete; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _900_audit_delete AFTER DELETE ON warehouse.warehouse REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_delete();


--
-- Name: location _900_audit_insert; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON warehouse.location REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: warehouse _900_audit_insert; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _900_audit_insert AFTER INSERT ON warehouse.warehouse REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_insert();


--
-- Name: location _900_audit_update; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON warehouse.location REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: warehouse _900_audit_update; Type: TRIGGER; Schema: warehouse; Owner: -
--

CREATE TRIGGER _900_audit_update AFTER UPDATE ON warehouse.warehouse REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit.tg_row_update();


--
-- Name: alert_state alert_state_tenant_fkey; Type: FK CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.alert_state
    ADD CONSTRAINT alert_state_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: app_user app_user_supplier_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_supplier_fkey FOREIGN KEY (tenant_id, supplier_id) REFERENCES procurement.supplier(tenant_id, id);


--
-- Name: app_user app_user_tenant_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: refresh_token refresh_token_replaced_by_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.refresh_token
    ADD CONSTRAINT refresh_token_replaced_by_fkey FOREIGN KEY (tenant_id, replaced_by) REFERENCES auth.refresh_token(tenant_id, id);


--
-- Name: refresh_token refresh_token_user_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.refresh_token
    ADD CONSTRAINT refresh_token_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES auth.app_user(tenant_id, id) ON DELETE CASCADE;


--
-- Name: product_batch product_batch_product_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_batch
    ADD CONSTRAINT product_batch_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: product product_category_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product
    ADD CONSTRAINT product_category_fkey FOREIGN KEY (tenant_id, category_id) REFERENCES catalog.product_category(tenant_id, id);


--
-- Name: product_category product_category_parent_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_category
    ADD CONSTRAINT product_category_parent_fkey FOREIGN KEY (tenant_id, parent_id) REFERENCES catalog.product_category(tenant_id, id);


--
-- Name: product_category product_category_tenant_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product_category
    ADD CONSTRAINT product_category_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: product product_preferred_supplier_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product
    ADD CONSTRAINT product_preferred_supplier_fkey FOREIGN KEY (tenant_id, preferred_supplier_id) REFERENCES procurement.supplier(tenant_id, id);


--
-- Name: product product_tenant_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product
    ADD CONSTRAINT product_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: product product_unit_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.product
    ADD CONSTRAINT product_unit_fkey FOREIGN KEY (unit) REFERENCES catalog.unit(code);


--
-- Name: search_word search_word_tenant_fkey; Type: FK CONSTRAINT; Schema: catalog; Owner: -
--

ALTER TABLE ONLY catalog.search_word
    ADD CONSTRAINT search_word_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: capacity_gate capacity_gate_location_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.capacity_gate
    ADD CONSTRAINT capacity_gate_location_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES warehouse.location(tenant_id, id);


--
-- Name: inventory inventory_batch_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.inventory
    ADD CONSTRAINT inventory_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id) REFERENCES catalog.product_batch(tenant_id, product_id, id);


--
-- Name: inventory inventory_location_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.inventory
    ADD CONSTRAINT inventory_location_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES warehouse.location(tenant_id, id);


--
-- Name: inventory inventory_product_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.inventory
    ADD CONSTRAINT inventory_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: ledger_carry ledger_carry_batch_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.ledger_carry
    ADD CONSTRAINT ledger_carry_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id) REFERENCES catalog.product_batch(tenant_id, product_id, id);


--
-- Name: ledger_carry ledger_carry_location_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.ledger_carry
    ADD CONSTRAINT ledger_carry_location_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES warehouse.location(tenant_id, id);


--
-- Name: ledger_carry ledger_carry_product_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.ledger_carry
    ADD CONSTRAINT ledger_carry_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: movement_request movement_request_tenant_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.movement_request
    ADD CONSTRAINT movement_request_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: reservation reservation_created_by_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation
    ADD CONSTRAINT reservation_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES auth.app_user(tenant_id, id);


--
-- Name: reservation_line reservation_line_batch_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation_line
    ADD CONSTRAINT reservation_line_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id) REFERENCES catalog.product_batch(tenant_id, product_id, id);


--
-- Name: reservation_line reservation_line_location_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation_line
    ADD CONSTRAINT reservation_line_location_fkey FOREIGN KEY (tenant_id, warehouse_id, location_id) REFERENCES warehouse.location(tenant_id, warehouse_id, id);


--
-- Name: reservation_line reservation_line_reservation_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation_line
    ADD CONSTRAINT reservation_line_reservation_fkey FOREIGN KEY (tenant_id, reservation_id, product_id, warehouse_id) REFERENCES inventory.reservation(tenant_id, id, product_id, warehouse_id) ON DELETE CASCADE;


--
-- Name: reservation reservation_product_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation
    ADD CONSTRAINT reservation_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: reservation reservation_warehouse_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE ONLY inventory.reservation
    ADD CONSTRAINT reservation_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouse.warehouse(tenant_id, id);


--
-- Name: stock_movement stock_movement_batch_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement
    ADD CONSTRAINT stock_movement_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id) REFERENCES catalog.product_batch(tenant_id, product_id, id);


--
-- Name: stock_movement stock_movement_created_by_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement
    ADD CONSTRAINT stock_movement_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES auth.app_user(tenant_id, id);


--
-- Name: stock_movement stock_movement_location_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement
    ADD CONSTRAINT stock_movement_location_fkey FOREIGN KEY (tenant_id, location_id) REFERENCES warehouse.location(tenant_id, id);


--
-- Name: stock_movement stock_movement_product_fkey; Type: FK CONSTRAINT; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement
    ADD CONSTRAINT stock_movement_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: carrier carrier_tenant_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.carrier
    ADD CONSTRAINT carrier_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: shipment shipment_carrier_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment
    ADD CONSTRAINT shipment_carrier_fkey FOREIGN KEY (tenant_id, carrier_id) REFERENCES logistics.carrier(tenant_id, id);


--
-- Name: shipment_item shipment_item_batch_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_item
    ADD CONSTRAINT shipment_item_batch_fkey FOREIGN KEY (tenant_id, product_id, batch_id) REFERENCES catalog.product_batch(tenant_id, product_id, id);


--
-- Name: shipment_item shipment_item_product_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_item
    ADD CONSTRAINT shipment_item_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: shipment_item shipment_item_sales_order_item_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_item
    ADD CONSTRAINT shipment_item_sales_order_item_fkey FOREIGN KEY (tenant_id, sales_order_item_id) REFERENCES sales.sales_order_item(tenant_id, id);


--
-- Name: shipment_item shipment_item_shipment_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_item
    ADD CONSTRAINT shipment_item_shipment_fkey FOREIGN KEY (tenant_id, shipment_id) REFERENCES logistics.shipment(tenant_id, id) ON DELETE CASCADE;


--
-- Name: shipment shipment_sales_order_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment
    ADD CONSTRAINT shipment_sales_order_fkey FOREIGN KEY (tenant_id, sales_order_id) REFERENCES sales.sales_order(tenant_id, id);


--
-- Name: shipment_tracking_event shipment_tracking_event_shipment_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment_tracking_event
    ADD CONSTRAINT shipment_tracking_event_shipment_fkey FOREIGN KEY (tenant_id, shipment_id) REFERENCES logistics.shipment(tenant_id, id) ON DELETE CASCADE;


--
-- Name: shipment shipment_warehouse_fkey; Type: FK CONSTRAINT; Schema: logistics; Owner: -
--

ALTER TABLE ONLY logistics.shipment
    ADD CONSTRAINT shipment_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouse.warehouse(tenant_id, id);


--
-- Name: integrity_check_result integrity_check_result_run_fkey; Type: FK CONSTRAINT; Schema: ops; Owner: -
--

ALTER TABLE ONLY ops.integrity_check_result
    ADD CONSTRAINT integrity_check_result_run_fkey FOREIGN KEY (run_id) REFERENCES ops.maintenance_run(id) ON DELETE CASCADE;


--
-- Name: demand_forecast demand_forecast_product_fkey; Type: FK CONSTRAINT; Schema: planning; Owner: -
--

ALTER TABLE ONLY planning.demand_forecast
    ADD CONSTRAINT demand_forecast_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: demand_forecast demand_forecast_warehouse_fkey; Type: FK CONSTRAINT; Schema: planning; Owner: -
--

ALTER TABLE ONLY planning.demand_forecast
    ADD CONSTRAINT demand_forecast_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouse.warehouse(tenant_id, id);


--
-- Name: purchase_order purchase_order_created_by_fkey; Type: FK CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order
    ADD CONSTRAINT purchase_order_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES auth.app_user(tenant_id, id);


--
-- Name: purchase_order_item purchase_order_item_order_fkey; Type: FK CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order_item
    ADD CONSTRAINT purchase_order_item_order_fkey FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES procurement.purchase_order(tenant_id, id) ON DELETE CASCADE;


--
-- Name: purchase_order_item purchase_order_item_product_fkey; Type: FK CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order_item
    ADD CONSTRAINT purchase_order_item_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: purchase_order purchase_order_supplier_fkey; Type: FK CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.purchase_order
    ADD CONSTRAINT purchase_order_supplier_fkey FOREIGN KEY (tenant_id, supplier_id) REFERENCES procurement.supplier(tenant_id, id);


--
-- Name: supplier supplier_tenant_fkey; Type: FK CONSTRAINT; Schema: procurement; Owner: -
--

ALTER TABLE ONLY procurement.supplier
    ADD CONSTRAINT supplier_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: customer customer_tenant_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.customer
    ADD CONSTRAINT customer_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: sales_order sales_order_created_by_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order
    ADD CONSTRAINT sales_order_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES auth.app_user(tenant_id, id);


--
-- Name: sales_order sales_order_customer_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order
    ADD CONSTRAINT sales_order_customer_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES sales.customer(tenant_id, id);


--
-- Name: sales_order_item sales_order_item_order_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order_item
    ADD CONSTRAINT sales_order_item_order_fkey FOREIGN KEY (tenant_id, sales_order_id) REFERENCES sales.sales_order(tenant_id, id) ON DELETE CASCADE;


--
-- Name: sales_order_item sales_order_item_product_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order_item
    ADD CONSTRAINT sales_order_item_product_fkey FOREIGN KEY (tenant_id, product_id) REFERENCES catalog.product(tenant_id, id);


--
-- Name: sales_order_item sales_order_item_reservation_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order_item
    ADD CONSTRAINT sales_order_item_reservation_fkey FOREIGN KEY (tenant_id, reservation_id) REFERENCES inventory.reservation(tenant_id, id);


--
-- Name: sales_order sales_order_split_from_fkey; Type: FK CONSTRAINT; Schema: sales; Owner: -
--

ALTER TABLE ONLY sales.sales_order
    ADD CONSTRAINT sales_order_split_from_fkey FOREIGN KEY (tenant_id, split_from_id) REFERENCES sales.sales_order(tenant_id, id);


--
-- Name: category_row category_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.category_row
    ADD CONSTRAINT category_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: customer_row customer_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.customer_row
    ADD CONSTRAINT customer_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: cycle_count_row cycle_count_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.cycle_count_row
    ADD CONSTRAINT cycle_count_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: import_batch import_batch_created_by_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_batch
    ADD CONSTRAINT import_batch_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES auth.app_user(tenant_id, id);


--
-- Name: import_batch import_batch_kind_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_batch
    ADD CONSTRAINT import_batch_kind_fkey FOREIGN KEY (kind) REFERENCES staging.import_kind(kind);


--
-- Name: import_batch import_batch_tenant_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_batch
    ADD CONSTRAINT import_batch_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: import_column import_column_kind_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_column
    ADD CONSTRAINT import_column_kind_fkey FOREIGN KEY (kind) REFERENCES staging.import_kind(kind) ON DELETE CASCADE;


--
-- Name: import_error import_error_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.import_error
    ADD CONSTRAINT import_error_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: location_row location_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.location_row
    ADD CONSTRAINT location_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: opening_stock_row opening_stock_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.opening_stock_row
    ADD CONSTRAINT opening_stock_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: price_row price_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.price_row
    ADD CONSTRAINT price_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: product_row product_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.product_row
    ADD CONSTRAINT product_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: purchase_order_row purchase_order_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.purchase_order_row
    ADD CONSTRAINT purchase_order_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: supplier_row supplier_row_batch_fkey; Type: FK CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.supplier_row
    ADD CONSTRAINT supplier_row_batch_fkey FOREIGN KEY (tenant_id, batch_id) REFERENCES staging.import_batch(tenant_id, id) ON DELETE CASCADE;


--
-- Name: location location_warehouse_fkey; Type: FK CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.location
    ADD CONSTRAINT location_warehouse_fkey FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouse.warehouse(tenant_id, id);


--
-- Name: warehouse warehouse_tenant_fkey; Type: FK CONSTRAINT; Schema: warehouse; Owner: -
--

ALTER TABLE ONLY warehouse.warehouse
    ADD CONSTRAINT warehouse_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES auth.tenant(id);


--
-- Name: alert_state; Type: ROW SECURITY; Schema: audit; Owner: -
--

ALTER TABLE audit.alert_state ENABLE ROW LEVEL SECURITY;

--
-- Name: alert_state partner_scope; Type: POLICY; Schema: audit; Owner: -
--

CREATE POLICY partner_scope ON audit.alert_state AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON alert_state; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON POLICY partner_scope ON audit.alert_state IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: alert_state tenant_isolation; Type: POLICY; Schema: audit; Owner: -
--

CREATE POLICY tenant_isolation ON audit.alert_state USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON alert_state; Type: COMMENT; Schema: audit; Owner: -
--

COMMENT ON POLICY tenant_isolation ON audit.alert_state IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: app_user; Type: ROW SECURITY; Schema: auth; Owner: -
--

ALTER TABLE auth.app_user ENABLE ROW LEVEL SECURITY;

--
-- Name: refresh_token; Type: ROW SECURITY; Schema: auth; Owner: -
--

ALTER TABLE auth.refresh_token ENABLE ROW LEVEL SECURITY;

--
-- Name: app_user tenant_isolation; Type: POLICY; Schema: auth; Owner: -
--

CREATE POLICY tenant_isolation ON auth.app_user USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON app_user; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON POLICY tenant_isolation ON auth.app_user IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: refresh_token tenant_isolation; Type: POLICY; Schema: auth; Owner: -
--

CREATE POLICY tenant_isolation ON auth.refresh_token USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON refresh_token; Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON POLICY tenant_isolation ON auth.refresh_token IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: product_batch partner_scope; Type: POLICY; Schema: catalog; Owner: -
--

CREATE POLICY partner_scope ON catalog.product_batch AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON product_batch; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON POLICY partner_scope ON catalog.product_batch IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: search_word partner_scope; Type: POLICY; Schema: catalog; Owner: -
--

CREATE POLICY partner_scope ON catalog.search_word AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON search_word; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON POLICY partner_scope ON catalog.search_word IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: product; Type: ROW SECURITY; Schema: catalog; Owner: -
--

ALTER TABLE catalog.product ENABLE ROW LEVEL SECURITY;

--
-- Name: product_batch; Type: ROW SECURITY; Schema: catalog; Owner: -
--

ALTER TABLE catalog.product_batch ENABLE ROW LEVEL SECURITY;

--
-- Name: product_category; Type: ROW SECURITY; Schema: catalog; Owner: -
--

ALTER TABLE catalog.product_category ENABLE ROW LEVEL SECURITY;

--
-- Name: search_word; Type: ROW SECURITY; Schema: catalog; Owner: -
--

ALTER TABLE catalog.search_word ENABLE ROW LEVEL SECURITY;

--
-- Name: product tenant_isolation; Type: POLICY; Schema: catalog; Owner: -
--

CREATE POLICY tenant_isolation ON catalog.product USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON product; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON POLICY tenant_isolation ON catalog.product IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: product_batch tenant_isolation; Type: POLICY; Schema: catalog; Owner: -
--

CREATE POLICY tenant_isolation ON catalog.product_batch USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON product_batch; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON POLICY tenant_isolation ON catalog.product_batch IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: product_category tenant_isolation; Type: POLICY; Schema: catalog; Owner: -
--

CREATE POLICY tenant_isolation ON catalog.product_category USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON product_category; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON POLICY tenant_isolation ON catalog.product_category IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: search_word tenant_isolation; Type: POLICY; Schema: catalog; Owner: -
--

CREATE POLICY tenant_isolation ON catalog.search_word USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON search_word; Type: COMMENT; Schema: catalog; Owner: -
--

COMMENT ON POLICY tenant_isolation ON catalog.search_word IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: capacity_gate; Type: ROW SECURITY; Schema: inventory; Owner: -
--

ALTER TABLE inventory.capacity_gate ENABLE ROW LEVEL SECURITY;

--
-- Name: inventory; Type: ROW SECURITY; Schema: inventory; Owner: -
--

ALTER TABLE inventory.inventory ENABLE ROW LEVEL SECURITY;

--
-- Name: movement_request; Type: ROW SECURITY; Schema: inventory; Owner: -
--

ALTER TABLE inventory.movement_request ENABLE ROW LEVEL SECURITY;

--
-- Name: capacity_gate partner_scope; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY partner_scope ON inventory.capacity_gate AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON capacity_gate; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY partner_scope ON inventory.capacity_gate IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: inventory partner_scope; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY partner_scope ON inventory.inventory AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON inventory; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY partner_scope ON inventory.inventory IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: movement_request partner_scope; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY partner_scope ON inventory.movement_request AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON movement_request; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY partner_scope ON inventory.movement_request IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: reservation partner_scope; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY partner_scope ON inventory.reservation AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON reservation; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY partner_scope ON inventory.reservation IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: reservation_line partner_scope; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY partner_scope ON inventory.reservation_line AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON reservation_line; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY partner_scope ON inventory.reservation_line IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: stock_movement partner_scope; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY partner_scope ON inventory.stock_movement AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON stock_movement; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY partner_scope ON inventory.stock_movement IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: reservation; Type: ROW SECURITY; Schema: inventory; Owner: -
--

ALTER TABLE inventory.reservation ENABLE ROW LEVEL SECURITY;

--
-- Name: reservation_line; Type: ROW SECURITY; Schema: inventory; Owner: -
--

ALTER TABLE inventory.reservation_line ENABLE ROW LEVEL SECURITY;

--
-- Name: stock_movement; Type: ROW SECURITY; Schema: inventory; Owner: -
--

ALTER TABLE inventory.stock_movement ENABLE ROW LEVEL SECURITY;

--
-- Name: capacity_gate tenant_isolation; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY tenant_isolation ON inventory.capacity_gate USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON capacity_gate; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY tenant_isolation ON inventory.capacity_gate IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: inventory tenant_isolation; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY tenant_isolation ON inventory.inventory USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON inventory; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY tenant_isolation ON inventory.inventory IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: movement_request tenant_isolation; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY tenant_isolation ON inventory.movement_request USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON movement_request; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY tenant_isolation ON inventory.movement_request IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: reservation tenant_isolation; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY tenant_isolation ON inventory.reservation USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON reservation; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY tenant_isolation ON inventory.reservation IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: reservation_line tenant_isolation; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY tenant_isolation ON inventory.reservation_line USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON reservation_line; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY tenant_isolation ON inventory.reservation_line IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: stock_movement tenant_isolation; Type: POLICY; Schema: inventory; Owner: -
--

CREATE POLICY tenant_isolation ON inventory.stock_movement USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON stock_movement; Type: COMMENT; Schema: inventory; Owner: -
--

COMMENT ON POLICY tenant_isolation ON inventory.stock_movement IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: carrier; Type: ROW SECURITY; Schema: logistics; Owner: -
--

ALTER TABLE logistics.carrier ENABLE ROW LEVEL SECURITY;

--
-- Name: carrier partner_scope; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY partner_scope ON logistics.carrier AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON carrier; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY partner_scope ON logistics.carrier IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: shipment partner_scope; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY partner_scope ON logistics.shipment AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON shipment; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY partner_scope ON logistics.shipment IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: shipment_item partner_scope; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY partner_scope ON logistics.shipment_item AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON shipment_item; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY partner_scope ON logistics.shipment_item IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: shipment_tracking_event partner_scope; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY partner_scope ON logistics.shipment_tracking_event AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON shipment_tracking_event; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY partner_scope ON logistics.shipment_tracking_event IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: shipment; Type: ROW SECURITY; Schema: logistics; Owner: -
--

ALTER TABLE logistics.shipment ENABLE ROW LEVEL SECURITY;

--
-- Name: shipment_item; Type: ROW SECURITY; Schema: logistics; Owner: -
--

ALTER TABLE logistics.shipment_item ENABLE ROW LEVEL SECURITY;

--
-- Name: shipment_tracking_event; Type: ROW SECURITY; Schema: logistics; Owner: -
--

ALTER TABLE logistics.shipment_tracking_event ENABLE ROW LEVEL SECURITY;

--
-- Name: carrier tenant_isolation; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY tenant_isolation ON logistics.carrier USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON carrier; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY tenant_isolation ON logistics.carrier IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: shipment tenant_isolation; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY tenant_isolation ON logistics.shipment USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON shipment; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY tenant_isolation ON logistics.shipment IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: shipment_item tenant_isolation; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY tenant_isolation ON logistics.shipment_item USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON shipment_item; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY tenant_isolation ON logistics.shipment_item IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: shipment_tracking_event tenant_isolation; Type: POLICY; Schema: logistics; Owner: -
--

CREATE POLICY tenant_isolation ON logistics.shipment_tracking_event USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON shipment_tracking_event; Type: COMMENT; Schema: logistics; Owner: -
--

COMMENT ON POLICY tenant_isolation ON logistics.shipment_tracking_event IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: integrity_check_result; Type: ROW SECURITY; Schema: ops; Owner: -
--

ALTER TABLE ops.integrity_check_result ENABLE ROW LEVEL SECURITY;

--
-- Name: integrity_check_result partner_scope; Type: POLICY; Schema: ops; Owner: -
--

CREATE POLICY partner_scope ON ops.integrity_check_result AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON integrity_check_result; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON POLICY partner_scope ON ops.integrity_check_result IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: integrity_check_result tenant_isolation; Type: POLICY; Schema: ops; Owner: -
--

CREATE POLICY tenant_isolation ON ops.integrity_check_result USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON integrity_check_result; Type: COMMENT; Schema: ops; Owner: -
--

COMMENT ON POLICY tenant_isolation ON ops.integrity_check_result IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: demand_forecast; Type: ROW SECURITY; Schema: planning; Owner: -
--

ALTER TABLE planning.demand_forecast ENABLE ROW LEVEL SECURITY;

--
-- Name: demand_forecast partner_scope; Type: POLICY; Schema: planning; Owner: -
--

CREATE POLICY partner_scope ON planning.demand_forecast AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON demand_forecast; Type: COMMENT; Schema: planning; Owner: -
--

COMMENT ON POLICY partner_scope ON planning.demand_forecast IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: demand_forecast tenant_isolation; Type: POLICY; Schema: planning; Owner: -
--

CREATE POLICY tenant_isolation ON planning.demand_forecast USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON demand_forecast; Type: COMMENT; Schema: planning; Owner: -
--

COMMENT ON POLICY tenant_isolation ON planning.demand_forecast IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: purchase_order partner_own_orders; Type: POLICY; Schema: procurement; Owner: -
--

CREATE POLICY partner_own_orders ON procurement.purchase_order AS RESTRICTIVE USING (((NOT (EXISTS ( SELECT 1
   FROM auth.app_user u
  WHERE ((u.tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")) AND (u.id = ( SELECT (NULLIF(current_setting('stockdb.user_id'::text, true), ''::text))::uuid AS "nullif")) AND (u.role = 'partner'::auth.user_role))))) OR (supplier_id = ( SELECT u.supplier_id
   FROM auth.app_user u
  WHERE ((u.tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")) AND (u.id = ( SELECT (NULLIF(current_setting('stockdb.user_id'::text, true), ''::text))::uuid AS "nullif")) AND (u.role = 'partner'::auth.user_role))))));


--
-- Name: POLICY partner_own_orders ON purchase_order; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON POLICY partner_own_orders ON procurement.purchase_order IS 'NOT EXISTS (SELECT 1 
        FROM auth.app_user AS u
        WHERE u.tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)
          AND u.id = (SELECT nullif(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''')::uuid)
          AND u.role = ''partner''
    ) OR supplier_id = (SELECT u.supplier_id 
        FROM auth.app_user AS u
        WHERE u.tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)
          AND u.id = (SELECT nullif(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''')::uuid)
          AND u.role = ''partner''
    )';


--
-- Name: purchase_order_item partner_own_orders; Type: POLICY; Schema: procurement; Owner: -
--

CREATE POLICY partner_own_orders ON procurement.purchase_order_item AS RESTRICTIVE USING (((NOT (EXISTS ( SELECT 1
   FROM auth.app_user u
  WHERE ((u.tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")) AND (u.id = ( SELECT (NULLIF(current_setting('stockdb.user_id'::text, true), ''::text))::uuid AS "nullif")) AND (u.role = 'partner'::auth.user_role))))) OR (EXISTS ( SELECT 1
   FROM procurement.purchase_order o
  WHERE ((o.tenant_id = purchase_order_item.tenant_id) AND (o.id = purchase_order_item.purchase_order_id))))));


--
-- Name: POLICY partner_own_orders ON purchase_order_item; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON POLICY partner_own_orders ON procurement.purchase_order_item IS 'NOT EXISTS (SELECT 1 
        FROM auth.app_user AS u
        WHERE u.tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)
          AND u.id = (SELECT nullif(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''')::uuid)
          AND u.role = ''partner''
    ) OR EXISTS (SELECT 1 FROM procurement.purchase_order AS o WHERE o.tenant_id = purchase_order_item.tenant_id AND o.id = purchase_order_item.purchase_order_id)';


--
-- Name: purchase_order; Type: ROW SECURITY; Schema: procurement; Owner: -
--

ALTER TABLE procurement.purchase_order ENABLE ROW LEVEL SECURITY;

--
-- Name: purchase_order_item; Type: ROW SECURITY; Schema: procurement; Owner: -
--

ALTER TABLE procurement.purchase_order_item ENABLE ROW LEVEL SECURITY;

--
-- Name: supplier; Type: ROW SECURITY; Schema: procurement; Owner: -
--

ALTER TABLE procurement.supplier ENABLE ROW LEVEL SECURITY;

--
-- Name: purchase_order tenant_isolation; Type: POLICY; Schema: procurement; Owner: -
--

CREATE POLICY tenant_isolation ON procurement.purchase_order USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON purchase_order; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON POLICY tenant_isolation ON procurement.purchase_order IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: purchase_order_item tenant_isolation; Type: POLICY; Schema: procurement; Owner: -
--

CREATE POLICY tenant_isolation ON procurement.purchase_order_item USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON purchase_order_item; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON POLICY tenant_isolation ON procurement.purchase_order_item IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: supplier tenant_isolation; Type: POLICY; Schema: procurement; Owner: -
--

CREATE POLICY tenant_isolation ON procurement.supplier USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON supplier; Type: COMMENT; Schema: procurement; Owner: -
--

COMMENT ON POLICY tenant_isolation ON procurement.supplier IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: movement_daily; Type: ROW SECURITY; Schema: report; Owner: -
--

ALTER TABLE report.movement_daily ENABLE ROW LEVEL SECURITY;

--
-- Name: movement_daily partner_scope; Type: POLICY; Schema: report; Owner: -
--

CREATE POLICY partner_scope ON report.movement_daily AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON movement_daily; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON POLICY partner_scope ON report.movement_daily IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: movement_daily tenant_isolation; Type: POLICY; Schema: report; Owner: -
--

CREATE POLICY tenant_isolation ON report.movement_daily USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON movement_daily; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON POLICY tenant_isolation ON report.movement_daily IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: customer; Type: ROW SECURITY; Schema: sales; Owner: -
--

ALTER TABLE sales.customer ENABLE ROW LEVEL SECURITY;

--
-- Name: customer partner_scope; Type: POLICY; Schema: sales; Owner: -
--

CREATE POLICY partner_scope ON sales.customer AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON customer; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON POLICY partner_scope ON sales.customer IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: sales_order partner_scope; Type: POLICY; Schema: sales; Owner: -
--

CREATE POLICY partner_scope ON sales.sales_order AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON sales_order; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON POLICY partner_scope ON sales.sales_order IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: sales_order_item partner_scope; Type: POLICY; Schema: sales; Owner: -
--

CREATE POLICY partner_scope ON sales.sales_order_item AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON sales_order_item; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON POLICY partner_scope ON sales.sales_order_item IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: sales_order; Type: ROW SECURITY; Schema: sales; Owner: -
--

ALTER TABLE sales.sales_order ENABLE ROW LEVEL SECURITY;

--
-- Name: sales_order_item; Type: ROW SECURITY; Schema: sales; Owner: -
--

ALTER TABLE sales.sales_order_item ENABLE ROW LEVEL SECURITY;

--
-- Name: customer tenant_isolation; Type: POLICY; Schema: sales; Owner: -
--

CREATE POLICY tenant_isolation ON sales.customer USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON customer; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON POLICY tenant_isolation ON sales.customer IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: sales_order tenant_isolation; Type: POLICY; Schema: sales; Owner: -
--

CREATE POLICY tenant_isolation ON sales.sales_order USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON sales_order; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON POLICY tenant_isolation ON sales.sales_order IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: sales_order_item tenant_isolation; Type: POLICY; Schema: sales; Owner: -
--

CREATE POLICY tenant_isolation ON sales.sales_order_item USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON sales_order_item; Type: COMMENT; Schema: sales; Owner: -
--

COMMENT ON POLICY tenant_isolation ON sales.sales_order_item IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: import_batch; Type: ROW SECURITY; Schema: staging; Owner: -
--

ALTER TABLE staging.import_batch ENABLE ROW LEVEL SECURITY;

--
-- Name: import_error; Type: ROW SECURITY; Schema: staging; Owner: -
--

ALTER TABLE staging.import_error ENABLE ROW LEVEL SECURITY;

--
-- Name: import_batch partner_scope; Type: POLICY; Schema: staging; Owner: -
--

CREATE POLICY partner_scope ON staging.import_batch AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON import_batch; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON POLICY partner_scope ON staging.import_batch IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: import_error partner_scope; Type: POLICY; Schema: staging; Owner: -
--

CREATE POLICY partner_scope ON staging.import_error AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON import_error; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON POLICY partner_scope ON staging.import_error IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: import_batch tenant_isolation; Type: POLICY; Schema: staging; Owner: -
--

CREATE POLICY tenant_isolation ON staging.import_batch USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON import_batch; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON POLICY tenant_isolation ON staging.import_batch IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: import_error tenant_isolation; Type: POLICY; Schema: staging; Owner: -
--

CREATE POLICY tenant_isolation ON staging.import_error USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON import_error; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON POLICY tenant_isolation ON staging.import_error IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: location; Type: ROW SECURITY; Schema: warehouse; Owner: -
--

ALTER TABLE warehouse.location ENABLE ROW LEVEL SECURITY;

--
-- Name: location partner_scope; Type: POLICY; Schema: warehouse; Owner: -
--

CREATE POLICY partner_scope ON warehouse.location AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON location; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON POLICY partner_scope ON warehouse.location IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: warehouse partner_scope; Type: POLICY; Schema: warehouse; Owner: -
--

CREATE POLICY partner_scope ON warehouse.warehouse AS RESTRICTIVE USING ((NOT ( SELECT ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = 'partner'::text) OR ((COALESCE(current_setting('stockdb.user_role'::text, true), ''::text) = ''::text) AND (COALESCE(current_setting('stockdb.user_id'::text, true), ''::text) <> ''::text))))));


--
-- Name: POLICY partner_scope ON warehouse; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON POLICY partner_scope ON warehouse.warehouse IS 'NOT (SELECT coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''partner''
        OR (coalesce(pg_catalog.current_setting(''stockdb.user_role'', TRUE), '''') = ''''
            AND coalesce(pg_catalog.current_setting(''stockdb.user_id'', TRUE), '''') <> ''''))';


--
-- Name: location tenant_isolation; Type: POLICY; Schema: warehouse; Owner: -
--

CREATE POLICY tenant_isolation ON warehouse.location USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON location; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON POLICY tenant_isolation ON warehouse.location IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: warehouse tenant_isolation; Type: POLICY; Schema: warehouse; Owner: -
--

CREATE POLICY tenant_isolation ON warehouse.warehouse USING ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif"))) WITH CHECK ((tenant_id = ( SELECT (NULLIF(current_setting('stockdb.tenant_id'::text, true), ''::text))::uuid AS "nullif")));


--
-- Name: POLICY tenant_isolation ON warehouse; Type: COMMENT; Schema: warehouse; Owner: -
--

COMMENT ON POLICY tenant_isolation ON warehouse.warehouse IS 'tenant_id = (SELECT nullif(pg_catalog.current_setting(''stockdb.tenant_id'', TRUE), '''')::uuid)';


--
-- Name: warehouse; Type: ROW SECURITY; Schema: warehouse; Owner: -
--

ALTER TABLE warehouse.warehouse ENABLE ROW LEVEL SECURITY;

--
-- Name: SCHEMA api; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA api TO stockdb_app;
GRANT USAGE ON SCHEMA api TO stockdb_importer;


--
-- Name: SCHEMA audit; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA audit TO stockdb_relay;
GRANT USAGE ON SCHEMA audit TO stockdb_maintenance;
GRANT USAGE ON SCHEMA audit TO stockdb_rls_exempt;


--
-- Name: SCHEMA auth; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA auth TO stockdb_maintenance;
GRANT USAGE ON SCHEMA auth TO stockdb_rls_exempt;


--
-- Name: SCHEMA catalog; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA catalog TO stockdb_importer;
GRANT USAGE ON SCHEMA catalog TO stockdb_maintenance;
GRANT USAGE ON SCHEMA catalog TO stockdb_rls_exempt;


--
-- Name: SCHEMA inventory; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA inventory TO stockdb_maintenance;
GRANT USAGE ON SCHEMA inventory TO stockdb_rls_exempt;


--
-- Name: SCHEMA logistics; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA logistics TO stockdb_maintenance;
GRANT USAGE ON SCHEMA logistics TO stockdb_rls_exempt;


--
-- Name: SCHEMA ops; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA ops TO stockdb_maintenance;
GRANT USAGE ON SCHEMA ops TO stockdb_rls_exempt;


--
-- Name: SCHEMA partman; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA partman TO stockdb_owner;
GRANT USAGE ON SCHEMA partman TO stockdb_maintenance;


--
-- Name: SCHEMA planning; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA planning TO stockdb_maintenance;
GRANT USAGE ON SCHEMA planning TO stockdb_rls_exempt;


--
-- Name: SCHEMA procurement; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA procurement TO stockdb_maintenance;
GRANT USAGE ON SCHEMA procurement TO stockdb_rls_exempt;


--
-- Name: SCHEMA report; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA report TO stockdb_app;
GRANT USAGE ON SCHEMA report TO stockdb_analyst;
GRANT USAGE ON SCHEMA report TO stockdb_maintenance;
GRANT USAGE ON SCHEMA report TO stockdb_rls_exempt;


--
-- Name: SCHEMA sales; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA sales TO stockdb_maintenance;
GRANT USAGE ON SCHEMA sales TO stockdb_rls_exempt;


--
-- Name: SCHEMA staging; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA staging TO stockdb_importer;
GRANT USAGE ON SCHEMA staging TO stockdb_maintenance;
GRANT USAGE ON SCHEMA staging TO stockdb_rls_exempt;


--
-- Name: SCHEMA warehouse; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA warehouse TO stockdb_maintenance;
GRANT USAGE ON SCHEMA warehouse TO stockdb_rls_exempt;


--
-- Name: FUNCTION add_purchase_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_cost_minor bigint); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.add_purchase_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_cost_minor bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION api.add_purchase_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_cost_minor bigint) TO stockdb_app;


--
-- Name: FUNCTION add_sales_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_price_minor bigint); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.add_sales_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_price_minor bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION api.add_sales_order_item(order_id uuid, version integer, product_id uuid, quantity numeric, unit_price_minor bigint) TO stockdb_app;


--
-- Name: FUNCTION add_tracking_event(shipment_id uuid, status text, location text, occurred_at timestamp with time zone, details jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.add_tracking_event(shipment_id uuid, status text, location text, occurred_at timestamp with time zone, details jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.add_tracking_event(shipment_id uuid, status text, location text, occurred_at timestamp with time zone, details jsonb) TO stockdb_app;


--
-- Name: FUNCTION approve_sales_order(order_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.approve_sales_order(order_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.approve_sales_order(order_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION authenticate(email text, password text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.authenticate(email text, password text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.authenticate(email text, password text) TO stockdb_app;


--
-- Name: FUNCTION cancel_purchase_order(order_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.cancel_purchase_order(order_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.cancel_purchase_order(order_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION cancel_sales_order(order_id uuid, version integer, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.cancel_sales_order(order_id uuid, version integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.cancel_sales_order(order_id uuid, version integer, reason text) TO stockdb_app;


--
-- Name: FUNCTION count_stock(idempotency_key text, product_id uuid, location_id uuid, batch_id uuid, counted_quantity numeric, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.count_stock(idempotency_key text, product_id uuid, location_id uuid, batch_id uuid, counted_quantity numeric, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.count_stock(idempotency_key text, product_id uuid, location_id uuid, batch_id uuid, counted_quantity numeric, reason text) TO stockdb_app;


--
-- Name: FUNCTION create_carrier(code text, name text, tracking_url_template text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_carrier(code text, name text, tracking_url_template text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_carrier(code text, name text, tracking_url_template text) TO stockdb_app;


--
-- Name: FUNCTION create_category(name text, parent_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_category(name text, parent_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_category(name text, parent_id uuid) TO stockdb_app;


--
-- Name: FUNCTION create_customer(code text, name text, email text, phone text, billing_address jsonb, shipping_address jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_customer(code text, name text, email text, phone text, billing_address jsonb, shipping_address jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_customer(code text, name text, email text, phone text, billing_address jsonb, shipping_address jsonb) TO stockdb_app;


--
-- Name: FUNCTION create_location(warehouse_id uuid, code text, kind warehouse.location_kind, capacity numeric); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_location(warehouse_id uuid, code text, kind warehouse.location_kind, capacity numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_location(warehouse_id uuid, code text, kind warehouse.location_kind, capacity numeric) TO stockdb_app;


--
-- Name: FUNCTION create_product(sku text, name text, category_id uuid, unit text, description text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_product(sku text, name text, category_id uuid, unit text, description text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_product(sku text, name text, category_id uuid, unit text, description text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb) TO stockdb_app;


--
-- Name: FUNCTION create_purchase_order(supplier_id uuid, currency character, expected_at timestamp with time zone, number text, notes text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_purchase_order(supplier_id uuid, currency character, expected_at timestamp with time zone, number text, notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_purchase_order(supplier_id uuid, currency character, expected_at timestamp with time zone, number text, notes text) TO stockdb_app;


--
-- Name: FUNCTION create_sales_order(idempotency_key text, customer_id uuid, lines jsonb, currency character, shipping_minor bigint, tax_minor bigint, number text, shipping_address jsonb); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_sales_order(idempotency_key text, customer_id uuid, lines jsonb, currency character, shipping_minor bigint, tax_minor bigint, number text, shipping_address jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_sales_order(idempotency_key text, customer_id uuid, lines jsonb, currency character, shipping_minor bigint, tax_minor bigint, number text, shipping_address jsonb) TO stockdb_app;


--
-- Name: FUNCTION create_supplier(code text, name text, email text, phone text, address jsonb, lead_time_days integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_supplier(code text, name text, email text, phone text, address jsonb, lead_time_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_supplier(code text, name text, email text, phone text, address jsonb, lead_time_days integer) TO stockdb_app;


--
-- Name: FUNCTION create_user(email text, role text, password text, display_name text, supplier_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_user(email text, role text, password text, display_name text, supplier_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_user(email text, role text, password text, display_name text, supplier_id uuid) TO stockdb_app;


--
-- Name: FUNCTION create_warehouse(code text, name text, address jsonb, timezone text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.create_warehouse(code text, name text, address jsonb, timezone text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.create_warehouse(code text, name text, address jsonb, timezone text) TO stockdb_app;


--
-- Name: FUNCTION delete_category(category_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_category(category_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_category(category_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION delete_customer(customer_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_customer(customer_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_customer(customer_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION delete_product(product_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_product(product_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_product(product_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION delete_supplier(supplier_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.delete_supplier(supplier_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.delete_supplier(supplier_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION fulfil_reservation(idempotency_key text, reservation_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.fulfil_reservation(idempotency_key text, reservation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.fulfil_reservation(idempotency_key text, reservation_id uuid) TO stockdb_app;


--
-- Name: FUNCTION hold_batch(batch_id uuid, version integer, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.hold_batch(batch_id uuid, version integer, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.hold_batch(batch_id uuid, version integer, reason text) TO stockdb_app;


--
-- Name: FUNCTION issue_refresh_token(user_id uuid, ttl interval); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.issue_refresh_token(user_id uuid, ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION api.issue_refresh_token(user_id uuid, ttl interval) TO stockdb_app;


--
-- Name: FUNCTION lift_batch_hold(batch_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.lift_batch_hold(batch_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.lift_batch_hold(batch_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION list_users(); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.list_users() FROM PUBLIC;
GRANT ALL ON FUNCTION api.list_users() TO stockdb_app;


--
-- Name: FUNCTION receive_purchase_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.receive_purchase_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION api.receive_purchase_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date) TO stockdb_app;


--
-- Name: FUNCTION receive_stock(idempotency_key text, product_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date, unit_cost_minor bigint, movement_type inventory.stock_movement_type, currency character); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.receive_stock(idempotency_key text, product_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date, unit_cost_minor bigint, movement_type inventory.stock_movement_type, currency character) FROM PUBLIC;
GRANT ALL ON FUNCTION api.receive_stock(idempotency_key text, product_id uuid, location_id uuid, quantity numeric, batch_number text, expiry_date date, manufacture_date date, unit_cost_minor bigint, movement_type inventory.stock_movement_type, currency character) TO stockdb_app;


--
-- Name: FUNCTION record_demand_forecast(product_id uuid, warehouse_id uuid, period_start date, period_end date, forecast_quantity numeric, model_name text, confidence numeric); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_demand_forecast(product_id uuid, warehouse_id uuid, period_start date, period_end date, forecast_quantity numeric, model_name text, confidence numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_demand_forecast(product_id uuid, warehouse_id uuid, period_start date, period_end date, forecast_quantity numeric, model_name text, confidence numeric) TO stockdb_app;


--
-- Name: FUNCTION record_movement(idempotency_key text, movement_type inventory.stock_movement_type, product_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.record_movement(idempotency_key text, movement_type inventory.stock_movement_type, product_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.record_movement(idempotency_key text, movement_type inventory.stock_movement_type, product_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text) TO stockdb_app;


--
-- Name: FUNCTION release_reservation(idempotency_key text, reservation_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.release_reservation(idempotency_key text, reservation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.release_reservation(idempotency_key text, reservation_id uuid) TO stockdb_app;


--
-- Name: FUNCTION remove_purchase_order_item(item_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.remove_purchase_order_item(item_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.remove_purchase_order_item(item_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION remove_sales_order_item(item_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.remove_sales_order_item(item_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.remove_sales_order_item(item_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.reserve_sales_order(idempotency_key text, order_id uuid, warehouse_id uuid) TO stockdb_app;


--
-- Name: FUNCTION reserve_stock(idempotency_key text, product_id uuid, warehouse_id uuid, quantity numeric, reference text, expires_at timestamp with time zone); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.reserve_stock(idempotency_key text, product_id uuid, warehouse_id uuid, quantity numeric, reference text, expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION api.reserve_stock(idempotency_key text, product_id uuid, warehouse_id uuid, quantity numeric, reference text, expires_at timestamp with time zone) TO stockdb_app;


--
-- Name: FUNCTION return_sales_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.return_sales_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.return_sales_order_item(idempotency_key text, item_id uuid, location_id uuid, quantity numeric, batch_id uuid, reason text) TO stockdb_app;


--
-- Name: FUNCTION revoke_user_tokens(user_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.revoke_user_tokens(user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.revoke_user_tokens(user_id uuid) TO stockdb_app;


--
-- Name: FUNCTION rotate_refresh_token(token text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.rotate_refresh_token(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.rotate_refresh_token(token text) TO stockdb_app;


--
-- Name: FUNCTION search_products(query text, limit_rows integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.search_products(query text, limit_rows integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION api.search_products(query text, limit_rows integer) FROM stockdb_rls_exempt;
GRANT ALL ON FUNCTION api.search_products(query text, limit_rows integer) TO stockdb_app;


--
-- Name: FUNCTION set_context(tenant_id uuid, user_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.set_context(tenant_id uuid, user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.set_context(tenant_id uuid, user_id uuid) TO stockdb_app;
GRANT ALL ON FUNCTION api.set_context(tenant_id uuid, user_id uuid) TO stockdb_importer;


--
-- Name: FUNCTION set_password(user_id uuid, password text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.set_password(user_id uuid, password text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.set_password(user_id uuid, password text) TO stockdb_app;


--
-- Name: FUNCTION ship_sales_order(idempotency_key text, order_id uuid, carrier text, tracking_number text, expected_delivery_at timestamp with time zone); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.ship_sales_order(idempotency_key text, order_id uuid, carrier text, tracking_number text, expected_delivery_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION api.ship_sales_order(idempotency_key text, order_id uuid, carrier text, tracking_number text, expected_delivery_at timestamp with time zone) TO stockdb_app;


--
-- Name: FUNCTION split_sales_order(idempotency_key text, order_id uuid, version integer, lines jsonb, number text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.split_sales_order(idempotency_key text, order_id uuid, version integer, lines jsonb, number text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.split_sales_order(idempotency_key text, order_id uuid, version integer, lines jsonb, number text) TO stockdb_app;


--
-- Name: FUNCTION stock_level(product_id uuid, warehouse_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.stock_level(product_id uuid, warehouse_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.stock_level(product_id uuid, warehouse_id uuid) TO stockdb_app;


--
-- Name: FUNCTION submit_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.submit_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION api.submit_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone) TO stockdb_app;


--
-- Name: FUNCTION transfer_stock(idempotency_key text, product_id uuid, from_location_id uuid, to_location_id uuid, quantity numeric, batch_id uuid); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.transfer_stock(idempotency_key text, product_id uuid, from_location_id uuid, to_location_id uuid, quantity numeric, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION api.transfer_stock(idempotency_key text, product_id uuid, from_location_id uuid, to_location_id uuid, quantity numeric, batch_id uuid) TO stockdb_app;


--
-- Name: FUNCTION unreserve_sales_order(order_id uuid, version integer); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.unreserve_sales_order(order_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION api.unreserve_sales_order(order_id uuid, version integer) TO stockdb_app;


--
-- Name: FUNCTION update_batch(batch_id uuid, version integer, expiry_date date, manufacture_date date, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_batch(batch_id uuid, version integer, expiry_date date, manufacture_date date, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_batch(batch_id uuid, version integer, expiry_date date, manufacture_date date, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_carrier(carrier_id uuid, version integer, name text, tracking_url_template text, active boolean, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_carrier(carrier_id uuid, version integer, name text, tracking_url_template text, active boolean, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_carrier(carrier_id uuid, version integer, name text, tracking_url_template text, active boolean, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_category(category_id uuid, version integer, name text, parent_id uuid, make_root boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_category(category_id uuid, version integer, name text, parent_id uuid, make_root boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_category(category_id uuid, version integer, name text, parent_id uuid, make_root boolean) TO stockdb_app;


--
-- Name: FUNCTION update_customer(customer_id uuid, version integer, name text, email text, phone text, billing_address jsonb, shipping_address jsonb, active boolean, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_customer(customer_id uuid, version integer, name text, email text, phone text, billing_address jsonb, shipping_address jsonb, active boolean, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_customer(customer_id uuid, version integer, name text, email text, phone text, billing_address jsonb, shipping_address jsonb, active boolean, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_location(location_id uuid, version integer, kind warehouse.location_kind, capacity numeric, active boolean, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_location(location_id uuid, version integer, kind warehouse.location_kind, capacity numeric, active boolean, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_location(location_id uuid, version integer, kind warehouse.location_kind, capacity numeric, active boolean, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_product(product_id uuid, version integer, name text, description text, category_id uuid, unit text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb, active boolean, preferred_supplier_id uuid, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_product(product_id uuid, version integer, name text, description text, category_id uuid, unit text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb, active boolean, preferred_supplier_id uuid, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_product(product_id uuid, version integer, name text, description text, category_id uuid, unit text, barcode text, unit_price_minor bigint, currency character, reorder_point numeric, safety_stock_level numeric, min_stock_level numeric, lead_time_days integer, hs_code text, country_of_origin character, attributes jsonb, active boolean, preferred_supplier_id uuid, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone, notes text, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone, notes text, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_purchase_order(order_id uuid, version integer, expected_at timestamp with time zone, notes text, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_purchase_order_item(item_id uuid, version integer, quantity numeric, unit_cost_minor bigint); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_purchase_order_item(item_id uuid, version integer, quantity numeric, unit_cost_minor bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_purchase_order_item(item_id uuid, version integer, quantity numeric, unit_cost_minor bigint) TO stockdb_app;


--
-- Name: FUNCTION update_reservation(reservation_id uuid, version integer, expires_at timestamp with time zone, reference text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_reservation(reservation_id uuid, version integer, expires_at timestamp with time zone, reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_reservation(reservation_id uuid, version integer, expires_at timestamp with time zone, reference text) TO stockdb_app;


--
-- Name: FUNCTION update_sales_order(order_id uuid, version integer, shipping_address jsonb, shipping_minor bigint, tax_minor bigint); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_sales_order(order_id uuid, version integer, shipping_address jsonb, shipping_minor bigint, tax_minor bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_sales_order(order_id uuid, version integer, shipping_address jsonb, shipping_minor bigint, tax_minor bigint) TO stockdb_app;


--
-- Name: FUNCTION update_sales_order_item(item_id uuid, version integer, quantity numeric, unit_price_minor bigint); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_sales_order_item(item_id uuid, version integer, quantity numeric, unit_price_minor bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_sales_order_item(item_id uuid, version integer, quantity numeric, unit_price_minor bigint) TO stockdb_app;


--
-- Name: FUNCTION update_supplier(supplier_id uuid, version integer, name text, email text, phone text, address jsonb, lead_time_days integer, active boolean, clear text[]); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_supplier(supplier_id uuid, version integer, name text, email text, phone text, address jsonb, lead_time_days integer, active boolean, clear text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_supplier(supplier_id uuid, version integer, name text, email text, phone text, address jsonb, lead_time_days integer, active boolean, clear text[]) TO stockdb_app;


--
-- Name: FUNCTION update_user(user_id uuid, version integer, display_name text, role text, active boolean, supplier_id uuid, clear text[], email text); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_user(user_id uuid, version integer, display_name text, role text, active boolean, supplier_id uuid, clear text[], email text) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_user(user_id uuid, version integer, display_name text, role text, active boolean, supplier_id uuid, clear text[], email text) TO stockdb_app;


--
-- Name: FUNCTION update_warehouse(warehouse_id uuid, version integer, name text, address jsonb, timezone text, active boolean); Type: ACL; Schema: api; Owner: -
--

REVOKE ALL ON FUNCTION api.update_warehouse(warehouse_id uuid, version integer, name text, address jsonb, timezone text, active boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION api.update_warehouse(warehouse_id uuid, version integer, name text, address jsonb, timezone text, active boolean) TO stockdb_app;


--
-- Name: FUNCTION claim_outbox(batch_size integer); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.claim_outbox(batch_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.claim_outbox(batch_size integer) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.claim_outbox(batch_size integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.claim_outbox(batch_size integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION discard_parked_outbox(ids uuid[]); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.discard_parked_outbox(ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.discard_parked_outbox(ids uuid[]) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.discard_parked_outbox(ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.discard_parked_outbox(ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION mark_delivered(ids uuid[]); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.mark_delivered(ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.mark_delivered(ids uuid[]) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.mark_delivered(ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.mark_delivered(ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION mark_failed(ids uuid[], error text); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.mark_failed(ids uuid[], error text) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.mark_failed(ids uuid[], error text) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.mark_failed(ids uuid[], error text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.mark_failed(ids uuid[], error text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION omit_large_values(row_values jsonb); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.omit_large_values(row_values jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.omit_large_values(row_values jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.omit_large_values(row_values jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION outbox_status(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.outbox_status() FROM PUBLIC;
GRANT ALL ON FUNCTION audit.outbox_status() TO stockdb_relay;
GRANT ALL ON FUNCTION audit.outbox_status() TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.outbox_status() TO stockdb_rls_exempt;


--
-- Name: FUNCTION park_outbox(id uuid, error text); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.park_outbox(id uuid, error text) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.park_outbox(id uuid, error text) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.park_outbox(id uuid, error text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.park_outbox(id uuid, error text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION parked_outbox(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.parked_outbox() FROM PUBLIC;
GRANT ALL ON FUNCTION audit.parked_outbox() TO stockdb_relay;
GRANT ALL ON FUNCTION audit.parked_outbox() TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.parked_outbox() TO stockdb_rls_exempt;


--
-- Name: FUNCTION redact(row_values jsonb); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.redact(row_values jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.redact(row_values jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.redact(row_values jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_parked(ids uuid[]); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.require_parked(ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.require_parked(ids uuid[]) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.require_parked(ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.require_parked(ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.set_alert(tenant_id uuid, alert_type text, subject text, active boolean, payload jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_row_delete(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.tg_row_delete() FROM PUBLIC;
GRANT ALL ON FUNCTION audit.tg_row_delete() TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.tg_row_delete() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_row_insert(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.tg_row_insert() FROM PUBLIC;
GRANT ALL ON FUNCTION audit.tg_row_insert() TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.tg_row_insert() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_row_update(); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.tg_row_update() FROM PUBLIC;
GRANT ALL ON FUNCTION audit.tg_row_update() TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.tg_row_update() TO stockdb_rls_exempt;


--
-- Name: FUNCTION unpark_outbox(ids uuid[]); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.unpark_outbox(ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.unpark_outbox(ids uuid[]) TO stockdb_relay;
GRANT ALL ON FUNCTION audit.unpark_outbox(ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.unpark_outbox(ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION within_document_limit(row_values jsonb); Type: ACL; Schema: audit; Owner: -
--

REVOKE ALL ON FUNCTION audit.within_document_limit(row_values jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION audit.within_document_limit(row_values jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION audit.within_document_limit(row_values jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION current_user_id(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.current_user_id() TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.current_user_id() TO stockdb_rls_exempt;


--
-- Name: FUNCTION hash_password(password text); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.hash_password(password text) FROM PUBLIC;
GRANT ALL ON FUNCTION auth.hash_password(password text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.hash_password(password text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION auth.new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.new_refresh_token(tenant_id uuid, user_id uuid, family_id uuid, expires_at timestamp with time zone, OUT refresh_token text, OUT token_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_admin(tenant_id uuid, action text); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.require_admin(tenant_id uuid, action text) FROM PUBLIC;
GRANT ALL ON FUNCTION auth.require_admin(tenant_id uuid, action text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.require_admin(tenant_id uuid, action text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_permission(tenant_id uuid, function_name text); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.require_permission(tenant_id uuid, function_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION auth.require_permission(tenant_id uuid, function_name text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.require_permission(tenant_id uuid, function_name text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_role(role text); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.require_role(role text) FROM PUBLIC;
GRANT ALL ON FUNCTION auth.require_role(role text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.require_role(role text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_tenant(); Type: ACL; Schema: auth; Owner: -
--

REVOKE ALL ON FUNCTION auth.require_tenant() FROM PUBLIC;
GRANT ALL ON FUNCTION auth.require_tenant() TO stockdb_maintenance;
GRANT ALL ON FUNCTION auth.require_tenant() TO stockdb_rls_exempt;


--
-- Name: FUNCTION category_paths(tenant_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.category_paths(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.category_paths(tenant_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.category_paths(tenant_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION uuid_v7(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.uuid_v7() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.uuid_v7() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.uuid_v7() TO stockdb_rls_exempt;


--
-- Name: TABLE product; Type: ACL; Schema: catalog; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.product TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.product TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_quantity(product catalog.product, quantity numeric, argument text); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.check_quantity(product catalog.product, quantity numeric, argument text) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.check_quantity(product catalog.product, quantity numeric, argument text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.check_quantity(product catalog.product, quantity numeric, argument text) TO stockdb_rls_exempt;


--
-- Name: TABLE product_batch; Type: ACL; Schema: catalog; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.product_batch TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.product_batch TO stockdb_rls_exempt;


--
-- Name: FUNCTION find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.find_or_create_batch(tenant_id uuid, product catalog.product, batch_number text, manufacture_date date, expiry_date date, unit_cost_minor bigint, currency character) TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_batch(tenant_id uuid, batch_id uuid, version integer); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.lock_batch(tenant_id uuid, batch_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.lock_batch(tenant_id uuid, batch_id uuid, version integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.lock_batch(tenant_id uuid, batch_id uuid, version integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_category_tree(tenant_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.lock_category_tree(tenant_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.lock_category_tree(tenant_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.lock_category_tree(tenant_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_product(tenant_id uuid, product_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.lock_product(tenant_id uuid, product_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.lock_product(tenant_id uuid, product_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.lock_product(tenant_id uuid, product_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_batch(tenant_id uuid, product_id uuid, batch_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.require_batch(tenant_id uuid, product_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.require_batch(tenant_id uuid, product_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.require_batch(tenant_id uuid, product_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_category(tenant_id uuid, category_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.require_category(tenant_id uuid, category_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.require_category(tenant_id uuid, category_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.require_category(tenant_id uuid, category_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_category_name(name text); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.require_category_name(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.require_category_name(name text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.require_category_name(name text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_product(tenant_id uuid, product_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.require_product(tenant_id uuid, product_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.require_product(tenant_id uuid, product_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.require_product(tenant_id uuid, product_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_trade_codes(hs_code text, country_of_origin text); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.require_trade_codes(hs_code text, country_of_origin text) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.require_trade_codes(hs_code text, country_of_origin text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.require_trade_codes(hs_code text, country_of_origin text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION search_words(body text); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.search_words(body text) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.search_words(body text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.search_words(body text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION stock_has_moved(tenant_id uuid, product_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.stock_has_moved(tenant_id uuid, product_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_product__search_words(); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.tg_product__search_words() FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.tg_product__search_words() TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.tg_product__search_words() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_product__unit_fixed(); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.tg_product__unit_fixed() FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.tg_product__unit_fixed() TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.tg_product__unit_fixed() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_product_category__move_subtree(); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.tg_product_category__move_subtree() FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.tg_product_category__move_subtree() TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.tg_product_category__move_subtree() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_product_category__path(); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.tg_product_category__path() FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.tg_product_category__path() TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.tg_product_category__path() TO stockdb_rls_exempt;


--
-- Name: FUNCTION unit_in_use(tenant_id uuid, product_id uuid); Type: ACL; Schema: catalog; Owner: -
--

REVOKE ALL ON FUNCTION catalog.unit_in_use(tenant_id uuid, product_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION catalog.unit_in_use(tenant_id uuid, product_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION catalog.unit_in_use(tenant_id uuid, product_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION adopt_default_ledger_rows(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.adopt_default_ledger_rows() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.adopt_default_ledger_rows() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.adopt_default_ledger_rows() TO stockdb_rls_exempt;


--
-- Name: FUNCTION allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.allocate(tenant_id uuid, product_id uuid, warehouse_id uuid, quantity numeric, from_location_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.available_at(tenant_id uuid, product_id uuid, batch_id uuid, location_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_capacity(tenant_id uuid, location_id uuid, placed numeric); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.check_capacity(tenant_id uuid, location_id uuid, placed numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.check_capacity(tenant_id uuid, location_id uuid, placed numeric) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.check_capacity(tenant_id uuid, location_id uuid, placed numeric) TO stockdb_rls_exempt;


--
-- Name: FUNCTION claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb, OUT request_id uuid, OUT previous_result jsonb); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb, OUT request_id uuid, OUT previous_result jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb, OUT request_id uuid, OUT previous_result jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.claim_request(tenant_id uuid, idempotency_key text, function_name text, arguments jsonb, result jsonb, OUT request_id uuid, OUT previous_result jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.close_reservation(tenant_id uuid, reservation_id uuid, outcome inventory.reservation_status, idempotency_key text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION detach_ledger_months(ended_by timestamp with time zone); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.detach_ledger_months(ended_by timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.detach_ledger_months(ended_by timestamp with time zone) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.detach_ledger_months(ended_by timestamp with time zone) TO stockdb_rls_exempt;


--
-- Name: FUNCTION is_valid_timezone(zone text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.is_valid_timezone(zone text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.is_valid_timezone(zone text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.is_valid_timezone(zone text) TO stockdb_rls_exempt;


--
-- Name: TABLE warehouse; Type: ACL; Schema: warehouse; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE warehouse.warehouse TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE warehouse.warehouse TO stockdb_rls_exempt;


--
-- Name: FUNCTION fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.fill_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, idempotency_key text, reservation_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION finish_request(tenant_id uuid, request_id uuid, result jsonb); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.finish_request(tenant_id uuid, request_id uuid, result jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.finish_request(tenant_id uuid, request_id uuid, result jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.finish_request(tenant_id uuid, request_id uuid, result jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.judge_batch_expiry(tenant_id uuid, batch_id uuid, warehouse_ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION ledger_time_zone(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.ledger_time_zone() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.ledger_time_zone() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.ledger_time_zone() TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.lock_stock(tenant_id uuid, product_ids uuid[], warehouse_ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.lock_warehouse_stock(tenant_id uuid, warehouse_ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION maintain_ledger_partitions(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.maintain_ledger_partitions() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.maintain_ledger_partitions() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.maintain_ledger_partitions() TO stockdb_rls_exempt;


--
-- Name: FUNCTION on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.on_hand_delta(movement_type inventory.stock_movement_type, quantity numeric) TO stockdb_rls_exempt;


--
-- Name: FUNCTION open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.open_reservation(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, reservation_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text, reference_id uuid, reason text, idempotency_key text, id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text, reference_id uuid, reason text, idempotency_key text, id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text, reference_id uuid, reason text, idempotency_key text, id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.post_movement(tenant_id uuid, movement_type inventory.stock_movement_type, product_id uuid, batch_id uuid, location_id uuid, quantity numeric, reference_type text, reference_id uuid, reason text, idempotency_key text, id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.raise_balance_too_large(product_id uuid, location_id uuid, on_hand numeric, adding numeric) TO stockdb_rls_exempt;


--
-- Name: FUNCTION raise_insufficient(sku text, asked numeric, available numeric, place text); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.raise_insufficient(sku text, asked numeric, available numeric, place text) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.raise_insufficient(sku text, asked numeric, available numeric, place text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.raise_insufficient(sku text, asked numeric, available numeric, place text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.reserve(tenant_id uuid, product catalog.product, warehouse warehouse.warehouse, quantity numeric, reference text, expires_at timestamp with time zone, idempotency_key text, reservation_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION reserved_delta(movement_type inventory.stock_movement_type, quantity numeric); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.reserved_delta(movement_type inventory.stock_movement_type, quantity numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.reserved_delta(movement_type inventory.stock_movement_type, quantity numeric) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.reserved_delta(movement_type inventory.stock_movement_type, quantity numeric) TO stockdb_rls_exempt;


--
-- Name: FUNCTION stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.stock_lock_key(tenant_id uuid, product_id uuid, warehouse_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_inventory__only_from_ledger(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.tg_inventory__only_from_ledger() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.tg_inventory__only_from_ledger() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.tg_inventory__only_from_ledger() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_stock_movement__alerts(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.tg_stock_movement__alerts() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__alerts() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__alerts() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_stock_movement__append_only(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.tg_stock_movement__append_only() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__append_only() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__append_only() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_stock_movement__balance(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.tg_stock_movement__balance() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__balance() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__balance() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_stock_movement__import_balance(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.tg_stock_movement__import_balance() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__import_balance() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__import_balance() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_stock_movement__import_pending(); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.tg_stock_movement__import_pending() FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__import_pending() TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.tg_stock_movement__import_pending() TO stockdb_rls_exempt;


--
-- Name: FUNCTION warehouse_stock_key(tenant_id uuid, warehouse_id uuid); Type: ACL; Schema: inventory; Owner: -
--

REVOKE ALL ON FUNCTION inventory.warehouse_stock_key(tenant_id uuid, warehouse_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION inventory.warehouse_stock_key(tenant_id uuid, warehouse_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION inventory.warehouse_stock_key(tenant_id uuid, warehouse_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_shipment__close_order(); Type: ACL; Schema: logistics; Owner: -
--

REVOKE ALL ON FUNCTION logistics.tg_shipment__close_order() FROM PUBLIC;
GRANT ALL ON FUNCTION logistics.tg_shipment__close_order() TO stockdb_maintenance;
GRANT ALL ON FUNCTION logistics.tg_shipment__close_order() TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_grants(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.apply_grants() FROM PUBLIC;


--
-- Name: FUNCTION backup_verdict(OUT status text, OUT detail text, OUT hint text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.backup_verdict(OUT status text, OUT detail text, OUT hint text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.backup_verdict(OUT status text, OUT detail text, OUT hint text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.backup_verdict(OUT status text, OUT detail text, OUT hint text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION balance_mismatches(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.balance_mismatches() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.balance_mismatches() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.balance_mismatches() TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_health(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.check_health() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.check_health() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.check_health() TO stockdb_rls_exempt;


--
-- Name: PROCEDURE check_integrity(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.check_integrity() FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.check_integrity() TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.check_integrity() TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_version(document text, id uuid, expected integer, actual integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.check_version(document text, id uuid, expected integer, actual integer) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.check_version(document text, id uuid, expected integer, actual integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.check_version(document text, id uuid, expected integer, actual integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION create_tenant(code text, name text, admin_email text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.create_tenant(code text, name text, admin_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.create_tenant(code text, name text, admin_email text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.create_tenant(code text, name text, admin_email text) TO stockdb_rls_exempt;


--
-- Name: PROCEDURE detect_delayed_shipments(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.detect_delayed_shipments() FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.detect_delayed_shipments() TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.detect_delayed_shipments() TO stockdb_rls_exempt;


--
-- Name: PROCEDURE detect_expiring_batches(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.detect_expiring_batches() FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.detect_expiring_batches() TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.detect_expiring_batches() TO stockdb_rls_exempt;


--
-- Name: PROCEDURE expire_reservations(IN batch_size integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.expire_reservations(IN batch_size integer) FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.expire_reservations(IN batch_size integer) TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.expire_reservations(IN batch_size integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION failure_detail(sqlstate text, message text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.failure_detail(sqlstate text, message text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.failure_detail(sqlstate text, message text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.failure_detail(sqlstate text, message text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION finish_run(run_id bigint, status text, detail jsonb); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.finish_run(run_id bigint, status text, detail jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.finish_run(run_id bigint, status text, detail jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.finish_run(run_id bigint, status text, detail jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION kept_or_cleared(given anyelement, current anyelement, cleared boolean); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.kept_or_cleared(given anyelement, current anyelement, cleared boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.kept_or_cleared(given anyelement, current anyelement, cleared boolean) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.kept_or_cleared(given anyelement, current anyelement, cleared boolean) TO stockdb_rls_exempt;


--
-- Name: FUNCTION pg_cron_runs_here(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.pg_cron_runs_here() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.pg_cron_runs_here() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.pg_cron_runs_here() TO stockdb_rls_exempt;


--
-- Name: PROCEDURE purge_idempotency_keys(IN older_than interval, IN batch_size integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.purge_idempotency_keys(IN older_than interval, IN batch_size integer) FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.purge_idempotency_keys(IN older_than interval, IN batch_size integer) TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.purge_idempotency_keys(IN older_than interval, IN batch_size integer) TO stockdb_rls_exempt;


--
-- Name: PROCEDURE purge_import_rows(IN older_than interval); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.purge_import_rows(IN older_than interval) FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.purge_import_rows(IN older_than interval) TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.purge_import_rows(IN older_than interval) TO stockdb_rls_exempt;


--
-- Name: PROCEDURE purge_outbox(IN older_than interval, IN batch_size integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.purge_outbox(IN older_than interval, IN batch_size integer) FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.purge_outbox(IN older_than interval, IN batch_size integer) TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.purge_outbox(IN older_than interval, IN batch_size integer) TO stockdb_rls_exempt;


--
-- Name: PROCEDURE purge_refresh_tokens(IN older_than interval); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.purge_refresh_tokens(IN older_than interval) FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.purge_refresh_tokens(IN older_than interval) TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.purge_refresh_tokens(IN older_than interval) TO stockdb_rls_exempt;


--
-- Name: FUNCTION quoted_excerpt(value text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.quoted_excerpt(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.quoted_excerpt(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.quoted_excerpt(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION refresh_movement_daily(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.refresh_movement_daily() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.refresh_movement_daily() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.refresh_movement_daily() TO stockdb_rls_exempt;


--
-- Name: PROCEDURE refresh_reports(IN force boolean, IN wait_seconds integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.refresh_reports(IN force boolean, IN wait_seconds integer) FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.refresh_reports(IN force boolean, IN wait_seconds integer) TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.refresh_reports(IN force boolean, IN wait_seconds integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_amount(amount numeric, what text, detail text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_amount(amount numeric, what text, detail text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_amount(amount numeric, what text, detail text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_amount(amount numeric, what text, detail text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_clearable(clear text[], clearable text[], given jsonb); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_clearable(clear text[], clearable text[], given jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_clearable(clear text[], clearable text[], given jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_clearable(clear text[], clearable text[], given jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_currency(value text, argument text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_currency(value text, argument text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_currency(value text, argument text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_currency(value text, argument text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_email(value text, argument text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_email(value text, argument text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_email(value text, argument text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_email(value text, argument text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_finite(value numeric, argument text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_finite(value numeric, argument text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_finite(value numeric, argument text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_finite(value numeric, argument text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_length(value text, argument text, max_length integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_length(value text, argument text, max_length integer) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_length(value text, argument text, max_length integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_length(value text, argument text, max_length integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_shallow_json(value jsonb, argument text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_shallow_json(value jsonb, argument text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_shallow_json(value jsonb, argument text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_shallow_json(value jsonb, argument text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_text(value text, argument text, pattern text, hint text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.require_text(value text, argument text, pattern text, hint text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.require_text(value text, argument text, pattern text, hint text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.require_text(value text, argument text, pattern text, hint text) TO stockdb_rls_exempt;


--
-- Name: PROCEDURE run_partition_maintenance(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON PROCEDURE ops.run_partition_maintenance() FROM PUBLIC;
GRANT ALL ON PROCEDURE ops.run_partition_maintenance() TO stockdb_maintenance;
GRANT ALL ON PROCEDURE ops.run_partition_maintenance() TO stockdb_rls_exempt;


--
-- Name: FUNCTION schedule_jobs(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.schedule_jobs() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.schedule_jobs() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.schedule_jobs() TO stockdb_rls_exempt;


--
-- Name: FUNCTION set_ledger_retention(keep_months integer); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.set_ledger_retention(keep_months integer) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.set_ledger_retention(keep_months integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.set_ledger_retention(keep_months integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION set_tenant_active(code text, active boolean); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.set_tenant_active(code text, active boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.set_tenant_active(code text, active boolean) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.set_tenant_active(code text, active boolean) TO stockdb_rls_exempt;


--
-- Name: FUNCTION start_run(job_name text); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.start_run(job_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION ops.start_run(job_name text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.start_run(job_name text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg__check_status_transition(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.tg__check_status_transition() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.tg__check_status_transition() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.tg__check_status_transition() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg__check_version(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.tg__check_version() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.tg__check_version() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.tg__check_version() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg__mark_reports_dirty(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.tg__mark_reports_dirty() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.tg__mark_reports_dirty() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.tg__mark_reports_dirty() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg__touch(); Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON FUNCTION ops.tg__touch() FROM PUBLIC;
GRANT ALL ON FUNCTION ops.tg__touch() TO stockdb_maintenance;
GRANT ALL ON FUNCTION ops.tg__touch() TO stockdb_rls_exempt;


--
-- Name: TABLE purchase_order_item; Type: ACL; Schema: procurement; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE procurement.purchase_order_item TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE procurement.purchase_order_item TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text); Type: ACL; Schema: procurement; Owner: -
--

REVOKE ALL ON FUNCTION procurement.lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text) FROM PUBLIC;
GRANT ALL ON FUNCTION procurement.lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION procurement.lock_draft_line(tenant_id uuid, item_id uuid, version integer, action text) TO stockdb_rls_exempt;


--
-- Name: TABLE purchase_order; Type: ACL; Schema: procurement; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE procurement.purchase_order TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE procurement.purchase_order TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_purchase_order(tenant_id uuid, order_id uuid, version integer); Type: ACL; Schema: procurement; Owner: -
--

REVOKE ALL ON FUNCTION procurement.lock_purchase_order(tenant_id uuid, order_id uuid, version integer) FROM PUBLIC;
GRANT ALL ON FUNCTION procurement.lock_purchase_order(tenant_id uuid, order_id uuid, version integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION procurement.lock_purchase_order(tenant_id uuid, order_id uuid, version integer) TO stockdb_rls_exempt;


--
-- Name: TABLE supplier; Type: ACL; Schema: procurement; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE procurement.supplier TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE procurement.supplier TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_supplier(tenant_id uuid, supplier_id uuid); Type: ACL; Schema: procurement; Owner: -
--

REVOKE ALL ON FUNCTION procurement.require_supplier(tenant_id uuid, supplier_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION procurement.require_supplier(tenant_id uuid, supplier_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION procurement.require_supplier(tenant_id uuid, supplier_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_purchase_order_item__total(); Type: ACL; Schema: procurement; Owner: -
--

REVOKE ALL ON FUNCTION procurement.tg_purchase_order_item__total() FROM PUBLIC;
GRANT ALL ON FUNCTION procurement.tg_purchase_order_item__total() TO stockdb_maintenance;
GRANT ALL ON FUNCTION procurement.tg_purchase_order_item__total() TO stockdb_rls_exempt;


--
-- Name: TABLE inventory; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.inventory TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.inventory TO stockdb_rls_exempt;


--
-- Name: TABLE location; Type: ACL; Schema: warehouse; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE warehouse.location TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE warehouse.location TO stockdb_rls_exempt;


--
-- Name: TABLE batch_expiry; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.batch_expiry TO stockdb_app;
GRANT SELECT ON TABLE report.batch_expiry TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.batch_expiry TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.batch_expiry TO stockdb_rls_exempt;


--
-- Name: FUNCTION expiring_batches(horizon_days integer); Type: ACL; Schema: report; Owner: -
--

REVOKE ALL ON FUNCTION report.expiring_batches(horizon_days integer) FROM PUBLIC;
GRANT ALL ON FUNCTION report.expiring_batches(horizon_days integer) TO stockdb_app;
GRANT ALL ON FUNCTION report.expiring_batches(horizon_days integer) TO stockdb_analyst;
GRANT ALL ON FUNCTION report.expiring_batches(horizon_days integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION report.expiring_batches(horizon_days integer) TO stockdb_rls_exempt;


--
-- Name: TABLE stock_movement; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.stock_movement TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.stock_movement TO stockdb_rls_exempt;


--
-- Name: TABLE stock_movements; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.stock_movements TO stockdb_app;
GRANT SELECT ON TABLE report.stock_movements TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_movements TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_movements TO stockdb_rls_exempt;


--
-- Name: FUNCTION stock_movement(movement_id uuid); Type: ACL; Schema: report; Owner: -
--

REVOKE ALL ON FUNCTION report.stock_movement(movement_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION report.stock_movement(movement_id uuid) TO stockdb_app;
GRANT ALL ON FUNCTION report.stock_movement(movement_id uuid) TO stockdb_analyst;
GRANT ALL ON FUNCTION report.stock_movement(movement_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION report.stock_movement(movement_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION canonical_lines(lines jsonb); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.canonical_lines(lines jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.canonical_lines(lines jsonb) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.canonical_lines(lines jsonb) TO stockdb_rls_exempt;


--
-- Name: FUNCTION line_price(product catalog.product, currency text, unit_price_minor bigint, label text); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.line_price(product catalog.product, currency text, unit_price_minor bigint, label text) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.line_price(product catalog.product, currency text, unit_price_minor bigint, label text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.line_price(product catalog.product, currency text, unit_price_minor bigint, label text) TO stockdb_rls_exempt;


--
-- Name: TABLE sales_order_item; Type: ACL; Schema: sales; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sales.sales_order_item TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sales.sales_order_item TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_open_line(tenant_id uuid, item_id uuid, version integer, action text); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.lock_open_line(tenant_id uuid, item_id uuid, version integer, action text) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.lock_open_line(tenant_id uuid, item_id uuid, version integer, action text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.lock_open_line(tenant_id uuid, item_id uuid, version integer, action text) TO stockdb_rls_exempt;


--
-- Name: TABLE sales_order; Type: ACL; Schema: sales; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sales.sales_order TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sales.sales_order TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_open_order(tenant_id uuid, order_id uuid, version integer, action text); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.lock_open_order(tenant_id uuid, order_id uuid, version integer, action text) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.lock_open_order(tenant_id uuid, order_id uuid, version integer, action text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.lock_open_order(tenant_id uuid, order_id uuid, version integer, action text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.lock_sales_order(tenant_id uuid, order_id uuid, version integer, check_version boolean) TO stockdb_rls_exempt;


--
-- Name: FUNCTION order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.order_stock_scope(tenant_id uuid, order_id uuid, warehouse_id uuid, OUT product_ids uuid[], OUT warehouse_ids uuid[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION release_order_reservations(tenant_id uuid, order_id uuid); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.release_order_reservations(tenant_id uuid, order_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.release_order_reservations(tenant_id uuid, order_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.release_order_reservations(tenant_id uuid, order_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text) FROM PUBLIC;
GRANT ALL ON FUNCTION sales.require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.require_unordered_reservation(tenant_id uuid, reservation_id uuid, action text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_sales_order__cancel_shipped(); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.tg_sales_order__cancel_shipped() FROM PUBLIC;
GRANT ALL ON FUNCTION sales.tg_sales_order__cancel_shipped() TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.tg_sales_order__cancel_shipped() TO stockdb_rls_exempt;


--
-- Name: FUNCTION tg_sales_order_item__subtotal(); Type: ACL; Schema: sales; Owner: -
--

REVOKE ALL ON FUNCTION sales.tg_sales_order_item__subtotal() FROM PUBLIC;
GRANT ALL ON FUNCTION sales.tg_sales_order_item__subtotal() TO stockdb_maintenance;
GRANT ALL ON FUNCTION sales.tg_sales_order_item__subtotal() TO stockdb_rls_exempt;


--
-- Name: FUNCTION allowed_values(value_list text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.allowed_values(value_list text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.allowed_values(value_list text) TO stockdb_importer;
GRANT ALL ON FUNCTION staging.allowed_values(value_list text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.allowed_values(value_list text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_categories(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_customers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_cycle_counts(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_locations(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_opening_stock(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_prices(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_products(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_purchase_orders(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.apply_suppliers(tenant_id uuid, batch_id uuid, mode text, OUT inserted integer, OUT updated integer, OUT unchanged integer) TO stockdb_rls_exempt;


--
-- Name: FUNCTION begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text, dry_run boolean); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text, dry_run boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text, dry_run boolean) TO stockdb_importer;
GRANT ALL ON FUNCTION staging.begin_batch(kind text, file_name text, file_checksum text, sheet_name text, columns text[], mode text, dry_run boolean) TO stockdb_maintenance;


--
-- Name: FUNCTION cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.cell_problem(value text, data_type text, required boolean, max_length integer, pattern text, allowed text[], description text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_categories(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_categories(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_categories(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_categories(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_customers(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_customers(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_customers(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_customers(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_cycle_counts(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_cycle_counts(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_cycle_counts(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_cycle_counts(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_locations(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_locations(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_locations(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_locations(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_opening_stock(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_opening_stock(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_opening_stock(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_opening_stock(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_prices(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_prices(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_prices(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_prices(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_products(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_products(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_products(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_products(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_purchase_orders(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_purchase_orders(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_purchase_orders(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_purchase_orders(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION check_suppliers(tenant_id uuid, batch_id uuid, mode text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.check_suppliers(tenant_id uuid, batch_id uuid, mode text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.check_suppliers(tenant_id uuid, batch_id uuid, mode text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.check_suppliers(tenant_id uuid, batch_id uuid, mode text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION customer_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.customer_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.customer_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.customer_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION cycle_count_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.cycle_count_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION cycle_count_warehouses(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.cycle_count_warehouses(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.cycle_count_warehouses(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.cycle_count_warehouses(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION export_rows(kind text, warehouse text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.export_rows(kind text, warehouse text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.export_rows(kind text, warehouse text) TO stockdb_importer;
GRANT ALL ON FUNCTION staging.export_rows(kind text, warehouse text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.export_rows(kind text, warehouse text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION finish_batch(batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.finish_batch(batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.finish_batch(batch_id uuid) TO stockdb_importer;
GRANT ALL ON FUNCTION staging.finish_batch(batch_id uuid) TO stockdb_maintenance;


--
-- Name: FUNCTION import_lock_key(tenant_id uuid, kind text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.import_lock_key(tenant_id uuid, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.import_lock_key(tenant_id uuid, kind text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.import_lock_key(tenant_id uuid, kind text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION keep_source(source_name text, tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.keep_source(source_name text, tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION location_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.location_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.location_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.location_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION lock_named_products(tenant_id uuid, batch_id uuid, row_table text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.lock_named_products(tenant_id uuid, batch_id uuid, row_table text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.lock_named_products(tenant_id uuid, batch_id uuid, row_table text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.lock_named_products(tenant_id uuid, batch_id uuid, row_table text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION opening_stock_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.opening_stock_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.opening_stock_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.opening_stock_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION product_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.product_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.product_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.product_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION purchase_order_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.purchase_order_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION refresh_statistics(kind text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.refresh_statistics(kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.refresh_statistics(kind text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.refresh_statistics(kind text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.require_kind(name text, OUT kind text, OUT row_table text, OUT modes text[]) TO stockdb_rls_exempt;


--
-- Name: FUNCTION supplier_source(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.supplier_source(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.supplier_source(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.supplier_source(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_boolean(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_boolean(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_boolean(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_boolean(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_currency(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_currency(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_currency(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_currency(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_date(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_date(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_date(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_date(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_decimal(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_decimal(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_decimal(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_decimal(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_integer(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_integer(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_integer(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_integer(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_path(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_path(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_path(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_path(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION to_text(value text); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.to_text(value text) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.to_text(value text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.to_text(value text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION validate_cells(tenant_id uuid, batch_id uuid); Type: ACL; Schema: staging; Owner: -
--

REVOKE ALL ON FUNCTION staging.validate_cells(tenant_id uuid, batch_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION staging.validate_cells(tenant_id uuid, batch_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION staging.validate_cells(tenant_id uuid, batch_id uuid) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_location(tenant_id uuid, location_id uuid, argument text); Type: ACL; Schema: warehouse; Owner: -
--

REVOKE ALL ON FUNCTION warehouse.require_location(tenant_id uuid, location_id uuid, argument text) FROM PUBLIC;
GRANT ALL ON FUNCTION warehouse.require_location(tenant_id uuid, location_id uuid, argument text) TO stockdb_maintenance;
GRANT ALL ON FUNCTION warehouse.require_location(tenant_id uuid, location_id uuid, argument text) TO stockdb_rls_exempt;


--
-- Name: FUNCTION require_warehouse(tenant_id uuid, warehouse_id uuid); Type: ACL; Schema: warehouse; Owner: -
--

REVOKE ALL ON FUNCTION warehouse.require_warehouse(tenant_id uuid, warehouse_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION warehouse.require_warehouse(tenant_id uuid, warehouse_id uuid) TO stockdb_maintenance;
GRANT ALL ON FUNCTION warehouse.require_warehouse(tenant_id uuid, warehouse_id uuid) TO stockdb_rls_exempt;


--
-- Name: TABLE alert_state; Type: ACL; Schema: audit; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE audit.alert_state TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE audit.alert_state TO stockdb_rls_exempt;


--
-- Name: TABLE outbox; Type: ACL; Schema: audit; Owner: -
--

GRANT SELECT,UPDATE ON TABLE audit.outbox TO stockdb_relay;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE audit.outbox TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE audit.outbox TO stockdb_rls_exempt;


--
-- Name: SEQUENCE outbox_position_seq; Type: ACL; Schema: audit; Owner: -
--

GRANT SELECT,USAGE ON SEQUENCE audit.outbox_position_seq TO stockdb_maintenance;
GRANT SELECT,USAGE ON SEQUENCE audit.outbox_position_seq TO stockdb_rls_exempt;


--
-- Name: TABLE api_permission; Type: ACL; Schema: auth; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.api_permission TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.api_permission TO stockdb_rls_exempt;


--
-- Name: TABLE app_user; Type: ACL; Schema: auth; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.app_user TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.app_user TO stockdb_rls_exempt;


--
-- Name: TABLE refresh_token; Type: ACL; Schema: auth; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.refresh_token TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.refresh_token TO stockdb_rls_exempt;


--
-- Name: TABLE tenant; Type: ACL; Schema: auth; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.tenant TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE auth.tenant TO stockdb_rls_exempt;


--
-- Name: TABLE product_category; Type: ACL; Schema: catalog; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.product_category TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.product_category TO stockdb_rls_exempt;


--
-- Name: TABLE search_word; Type: ACL; Schema: catalog; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.search_word TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.search_word TO stockdb_rls_exempt;


--
-- Name: TABLE unit; Type: ACL; Schema: catalog; Owner: -
--

GRANT SELECT ON TABLE catalog.unit TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.unit TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE catalog.unit TO stockdb_rls_exempt;


--
-- Name: TABLE capacity_gate; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.capacity_gate TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.capacity_gate TO stockdb_rls_exempt;


--
-- Name: TABLE ledger_carry; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.ledger_carry TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.ledger_carry TO stockdb_rls_exempt;


--
-- Name: TABLE ledger_time_zone; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.ledger_time_zone TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.ledger_time_zone TO stockdb_rls_exempt;


--
-- Name: TABLE movement_request; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.movement_request TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.movement_request TO stockdb_rls_exempt;


--
-- Name: TABLE reservation; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.reservation TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.reservation TO stockdb_rls_exempt;


--
-- Name: TABLE reservation_line; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.reservation_line TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.reservation_line TO stockdb_rls_exempt;


--
-- Name: TABLE stock_movement_default; Type: ACL; Schema: inventory; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.stock_movement_default TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE inventory.stock_movement_default TO stockdb_rls_exempt;


--
-- Name: TABLE carrier; Type: ACL; Schema: logistics; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.carrier TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.carrier TO stockdb_rls_exempt;


--
-- Name: TABLE shipment; Type: ACL; Schema: logistics; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.shipment TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.shipment TO stockdb_rls_exempt;


--
-- Name: TABLE shipment_item; Type: ACL; Schema: logistics; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.shipment_item TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.shipment_item TO stockdb_rls_exempt;


--
-- Name: TABLE shipment_tracking_event; Type: ACL; Schema: logistics; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.shipment_tracking_event TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE logistics.shipment_tracking_event TO stockdb_rls_exempt;


--
-- Name: TABLE backup; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.backup TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.backup TO stockdb_rls_exempt;


--
-- Name: TABLE backup_health; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.backup_health TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.backup_health TO stockdb_rls_exempt;


--
-- Name: TABLE cron_job; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.cron_job TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.cron_job TO stockdb_rls_exempt;


--
-- Name: TABLE detached_ledger_month; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.detached_ledger_month TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.detached_ledger_month TO stockdb_rls_exempt;


--
-- Name: TABLE integrity_check_result; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.integrity_check_result TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.integrity_check_result TO stockdb_rls_exempt;


--
-- Name: SEQUENCE integrity_check_result_id_seq; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,USAGE ON SEQUENCE ops.integrity_check_result_id_seq TO stockdb_maintenance;
GRANT SELECT,USAGE ON SEQUENCE ops.integrity_check_result_id_seq TO stockdb_rls_exempt;


--
-- Name: TABLE movement_daily; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.movement_daily TO stockdb_app;
GRANT SELECT ON TABLE report.movement_daily TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.movement_daily TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.movement_daily TO stockdb_rls_exempt;


--
-- Name: TABLE inventory_turnover; Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON TABLE ops.inventory_turnover FROM stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.inventory_turnover TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.inventory_turnover TO stockdb_rls_exempt;
GRANT SELECT ON TABLE ops.inventory_turnover TO stockdb_owner;


--
-- Name: TABLE ledger_retention; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.ledger_retention TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.ledger_retention TO stockdb_rls_exempt;


--
-- Name: TABLE maintenance_run; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.maintenance_run TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.maintenance_run TO stockdb_rls_exempt;


--
-- Name: SEQUENCE maintenance_run_id_seq; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,USAGE ON SEQUENCE ops.maintenance_run_id_seq TO stockdb_maintenance;
GRANT SELECT,USAGE ON SEQUENCE ops.maintenance_run_id_seq TO stockdb_rls_exempt;


--
-- Name: TABLE migration_file; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.migration_file TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.migration_file TO stockdb_rls_exempt;


--
-- Name: TABLE repeatable_file; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.repeatable_file TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.repeatable_file TO stockdb_rls_exempt;


--
-- Name: TABLE report_refresh; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.report_refresh TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.report_refresh TO stockdb_rls_exempt;


--
-- Name: TABLE slow_movers; Type: ACL; Schema: ops; Owner: -
--

REVOKE ALL ON TABLE ops.slow_movers FROM stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.slow_movers TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.slow_movers TO stockdb_rls_exempt;
GRANT SELECT ON TABLE ops.slow_movers TO stockdb_owner;


--
-- Name: TABLE status_transition; Type: ACL; Schema: ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.status_transition TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ops.status_transition TO stockdb_rls_exempt;


--
-- Name: TABLE custom_time_partitions; Type: ACL; Schema: partman; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE partman.custom_time_partitions TO stockdb_owner;
GRANT SELECT ON TABLE partman.custom_time_partitions TO stockdb_maintenance;


--
-- Name: TABLE part_config; Type: ACL; Schema: partman; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE partman.part_config TO stockdb_owner;
GRANT SELECT ON TABLE partman.part_config TO stockdb_maintenance;


--
-- Name: TABLE part_config_sub; Type: ACL; Schema: partman; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE partman.part_config_sub TO stockdb_owner;
GRANT SELECT ON TABLE partman.part_config_sub TO stockdb_maintenance;


--
-- Name: TABLE table_privs; Type: ACL; Schema: partman; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE partman.table_privs TO stockdb_owner;
GRANT SELECT ON TABLE partman.table_privs TO stockdb_maintenance;


--
-- Name: TABLE template_inventory_stock_movement; Type: ACL; Schema: partman; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE partman.template_inventory_stock_movement TO stockdb_owner;
GRANT SELECT ON TABLE partman.template_inventory_stock_movement TO stockdb_maintenance;


--
-- Name: TABLE demand_forecast; Type: ACL; Schema: planning; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE planning.demand_forecast TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE planning.demand_forecast TO stockdb_rls_exempt;


--
-- Name: TABLE batches; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.batches TO stockdb_app;
GRANT SELECT ON TABLE report.batches TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.batches TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.batches TO stockdb_rls_exempt;


--
-- Name: TABLE carriers; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.carriers TO stockdb_app;
GRANT SELECT ON TABLE report.carriers TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.carriers TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.carriers TO stockdb_rls_exempt;


--
-- Name: TABLE categories; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.categories TO stockdb_app;
GRANT SELECT ON TABLE report.categories TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.categories TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.categories TO stockdb_rls_exempt;


--
-- Name: TABLE customer; Type: ACL; Schema: sales; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sales.customer TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sales.customer TO stockdb_rls_exempt;


--
-- Name: TABLE customers; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.customers TO stockdb_app;
GRANT SELECT ON TABLE report.customers TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.customers TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.customers TO stockdb_rls_exempt;


--
-- Name: TABLE demand_forecasts; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.demand_forecasts TO stockdb_app;
GRANT SELECT ON TABLE report.demand_forecasts TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.demand_forecasts TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.demand_forecasts TO stockdb_rls_exempt;


--
-- Name: TABLE inventory_turnover; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.inventory_turnover TO stockdb_app;
GRANT SELECT ON TABLE report.inventory_turnover TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.inventory_turnover TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.inventory_turnover TO stockdb_rls_exempt;


--
-- Name: TABLE locations; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.locations TO stockdb_app;
GRANT SELECT ON TABLE report.locations TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.locations TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.locations TO stockdb_rls_exempt;


--
-- Name: TABLE open_alerts; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.open_alerts TO stockdb_app;
GRANT SELECT ON TABLE report.open_alerts TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.open_alerts TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.open_alerts TO stockdb_rls_exempt;


--
-- Name: TABLE products; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.products TO stockdb_app;
GRANT SELECT ON TABLE report.products TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.products TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.products TO stockdb_rls_exempt;


--
-- Name: TABLE purchase_order_lines; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.purchase_order_lines TO stockdb_app;
GRANT SELECT ON TABLE report.purchase_order_lines TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.purchase_order_lines TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.purchase_order_lines TO stockdb_rls_exempt;


--
-- Name: TABLE purchase_order_status; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.purchase_order_status TO stockdb_app;
GRANT SELECT ON TABLE report.purchase_order_status TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.purchase_order_status TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.purchase_order_status TO stockdb_rls_exempt;


--
-- Name: TABLE reorder_suggestions; Type: ACL; Schema: report; Owner: -
--

REVOKE ALL ON TABLE report.reorder_suggestions FROM stockdb_rls_exempt;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.reorder_suggestions TO stockdb_rls_exempt;
GRANT SELECT ON TABLE report.reorder_suggestions TO stockdb_app;
GRANT SELECT ON TABLE report.reorder_suggestions TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.reorder_suggestions TO stockdb_maintenance;


--
-- Name: TABLE reservations; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.reservations TO stockdb_app;
GRANT SELECT ON TABLE report.reservations TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.reservations TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.reservations TO stockdb_rls_exempt;


--
-- Name: TABLE sales_order_fulfilment; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.sales_order_fulfilment TO stockdb_app;
GRANT SELECT ON TABLE report.sales_order_fulfilment TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.sales_order_fulfilment TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.sales_order_fulfilment TO stockdb_rls_exempt;


--
-- Name: TABLE sales_order_lines; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.sales_order_lines TO stockdb_app;
GRANT SELECT ON TABLE report.sales_order_lines TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.sales_order_lines TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.sales_order_lines TO stockdb_rls_exempt;


--
-- Name: TABLE shipment_delays; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.shipment_delays TO stockdb_app;
GRANT SELECT ON TABLE report.shipment_delays TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipment_delays TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipment_delays TO stockdb_rls_exempt;


--
-- Name: TABLE shipment_events; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.shipment_events TO stockdb_app;
GRANT SELECT ON TABLE report.shipment_events TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipment_events TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipment_events TO stockdb_rls_exempt;


--
-- Name: TABLE shipment_lines; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.shipment_lines TO stockdb_app;
GRANT SELECT ON TABLE report.shipment_lines TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipment_lines TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipment_lines TO stockdb_rls_exempt;


--
-- Name: TABLE shipments; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.shipments TO stockdb_app;
GRANT SELECT ON TABLE report.shipments TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipments TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.shipments TO stockdb_rls_exempt;


--
-- Name: TABLE slow_movers; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.slow_movers TO stockdb_app;
GRANT SELECT ON TABLE report.slow_movers TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.slow_movers TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.slow_movers TO stockdb_rls_exempt;


--
-- Name: TABLE stock_by_location; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.stock_by_location TO stockdb_app;
GRANT SELECT ON TABLE report.stock_by_location TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_by_location TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_by_location TO stockdb_rls_exempt;


--
-- Name: TABLE stock_on_hand; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.stock_on_hand TO stockdb_app;
GRANT SELECT ON TABLE report.stock_on_hand TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_on_hand TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_on_hand TO stockdb_rls_exempt;


--
-- Name: TABLE stock_valuation; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.stock_valuation TO stockdb_app;
GRANT SELECT ON TABLE report.stock_valuation TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_valuation TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.stock_valuation TO stockdb_rls_exempt;


--
-- Name: TABLE suppliers; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.suppliers TO stockdb_app;
GRANT SELECT ON TABLE report.suppliers TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.suppliers TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.suppliers TO stockdb_rls_exempt;


--
-- Name: TABLE warehouses; Type: ACL; Schema: report; Owner: -
--

GRANT SELECT ON TABLE report.warehouses TO stockdb_app;
GRANT SELECT ON TABLE report.warehouses TO stockdb_analyst;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.warehouses TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE report.warehouses TO stockdb_rls_exempt;


--
-- Name: TABLE category_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.category_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.category_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.category_row TO stockdb_rls_exempt;


--
-- Name: TABLE customer_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.customer_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.customer_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.customer_row TO stockdb_rls_exempt;


--
-- Name: TABLE cycle_count_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.cycle_count_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.cycle_count_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.cycle_count_row TO stockdb_rls_exempt;


--
-- Name: TABLE import_batch; Type: ACL; Schema: staging; Owner: -
--

GRANT SELECT ON TABLE staging.import_batch TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_batch TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_batch TO stockdb_rls_exempt;


--
-- Name: TABLE import_column; Type: ACL; Schema: staging; Owner: -
--

GRANT SELECT ON TABLE staging.import_column TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_column TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_column TO stockdb_rls_exempt;


--
-- Name: TABLE import_error; Type: ACL; Schema: staging; Owner: -
--

GRANT SELECT ON TABLE staging.import_error TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_error TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_error TO stockdb_rls_exempt;


--
-- Name: SEQUENCE import_error_id_seq; Type: ACL; Schema: staging; Owner: -
--

GRANT SELECT,USAGE ON SEQUENCE staging.import_error_id_seq TO stockdb_maintenance;
GRANT SELECT,USAGE ON SEQUENCE staging.import_error_id_seq TO stockdb_rls_exempt;


--
-- Name: TABLE import_kind; Type: ACL; Schema: staging; Owner: -
--

GRANT SELECT ON TABLE staging.import_kind TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_kind TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.import_kind TO stockdb_rls_exempt;


--
-- Name: TABLE location_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.location_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.location_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.location_row TO stockdb_rls_exempt;


--
-- Name: TABLE opening_stock_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.opening_stock_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.opening_stock_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.opening_stock_row TO stockdb_rls_exempt;


--
-- Name: TABLE price_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.price_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.price_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.price_row TO stockdb_rls_exempt;


--
-- Name: TABLE product_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.product_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.product_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.product_row TO stockdb_rls_exempt;


--
-- Name: TABLE purchase_order_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.purchase_order_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.purchase_order_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.purchase_order_row TO stockdb_rls_exempt;


--
-- Name: TABLE supplier_row; Type: ACL; Schema: staging; Owner: -
--

GRANT INSERT ON TABLE staging.supplier_row TO stockdb_importer;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.supplier_row TO stockdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE staging.supplier_row TO stockdb_rls_exempt;


--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE stockdb_maintenance REVOKE ALL ON FUNCTIONS  FROM PUBLIC;


--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE stockdb_owner REVOKE ALL ON FUNCTIONS  FROM PUBLIC;


--
-- PostgreSQL database dump complete
--


