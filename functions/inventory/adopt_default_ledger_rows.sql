-- inventory.adopt_default_ledger_rows: ledger rows that fell into the default
-- partition moved into months of their own, made for them.
--
-- A row falls there when its month has no partition: partition maintenance
-- makes months four ahead, so after more than four months without it (pg_cron
-- stopped, or its database renamed) every movement did. pg_partman cannot
-- make a month while the default holds rows of it (the ATTACH fails), so the
-- maintenance failed from then on at every run, and each month more fell in.
-- pg_partman's own remedy, partition_data_proc, deletes from the default and
-- inserts into the month: the ledger refuses the delete (append-only), and
-- the insert would have counted every row into its balance a second time.
--
-- Here the rows leave the default under its append-only trigger switched off,
-- and go into their new months under the balance triggers switched off (the
-- balances already hold them), each for this transaction only; nothing else
-- fires: a row trigger is all a partition has of the ledger's, and these are
-- inserts into the partitions themselves. Writers into the default wait from
-- the first lock to the commit; the months already made are not touched.
CREATE OR REPLACE FUNCTION inventory.adopt_default_ledger_rows()
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- Restored at exit, with the zone set below (see inventory.maintain_ledger_partitions).
SET TimeZone = 'UTC'
AS $$
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
$$;
COMMENT ON FUNCTION inventory.adopt_default_ledger_rows() IS
'Moves the ledger rows in the default partition into partitions made for their months (as pg_partman '
'makes them), without counting them into their balances again, and returns [{month, rows}]; [] when '
'the default is empty. Runs as the ledger''s owner, in partition maintenance before pg_partman''s.';
