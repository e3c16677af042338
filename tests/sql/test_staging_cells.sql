-- staging's cell readers: what a spreadsheet cell becomes, or NULL.
BEGIN;
SELECT plan(8);

SELECT results_eq(
    $$
    SELECT staging.to_path(t.v)
    FROM (VALUES
        (1, 'Tools'), (2, '  Tools / Hand tools  '), (3, 'Tools/Hand tools'), (4, 'a /  / b'),
        (5, ' / a'), (6, 'a / '), (7, 'Paint & Glue/Brush 2 in')
    ) AS t (n, v)
    ORDER BY t.n
    $$,
    $$VALUES ('Tools'), ('Tools/Hand tools'), ('Tools/Hand tools'), ('a//b'), ('/a'), ('a/'),
             ('Paint & Glue/Brush 2 in')$$,
    'a path loses the spaces around each name and keeps those inside it'
);
SELECT is(staging.to_path(E'a\t/ b'), E'a\t/b', 'a path trims spaces only, as btrim does');
SELECT is(staging.to_path(''), '', 'an empty path stays empty');
SELECT ok(staging.to_path(NULL) IS NULL, 'a NULL path stays NULL');
SELECT unalike(
    test_support.plan_of($$SELECT staging.to_path(n.nspname) FROM pg_catalog.pg_namespace AS n$$),
    '%to_path%',
    'staging.to_path is inlined into its caller'
);

-- A count's counted_at: in the warehouse's zone unless the cell gives an offset.
SELECT results_eq(
    $$
    SELECT staging.to_timestamptz(t.v, 'Europe/Berlin')
    FROM (VALUES
        (1, '2026-11-23 14:05'), (2, ' 2026-11-23T14:05:09.5 '), (3, '2026-11-23 14:05:00Z'),
        (4, '2026-11-23 14:05+05:30'), (5, '2026-06-01 00:00 -04')
    ) AS t (n, v)
    ORDER BY t.n
    $$,
    $$VALUES ('2026-11-23 13:05:00+00'::timestamptz), ('2026-11-23 13:05:09.5+00'),
             ('2026-11-23 14:05:00+00'), ('2026-11-23 08:35:00+00'), ('2026-06-01 04:00:00+00')$$,
    'a date and time is read in the zone given, else in its offset'
);
SELECT
    is(
        array_agg(staging.to_timestamptz(t.v, 'UTC') ORDER BY t.v),
        array_fill(NULL::timestamptz, ARRAY[9]),
        'a date alone, an impossible day or time, an offset past 14 hours and no date are NULL'
    )
FROM (
    VALUES
    ('2026-11-23'), ('2026-02-30 10:00'), ('2026-11-23 24:00'), ('2026-11-23 10:60'),
    ('2026-11-23 10:00+15'), ('14:05'), ('yesterday'), (''), ('45996.5')
) AS t (v);
SET LOCAL TimeZone = 'Asia/Tokyo';
SELECT is(
    staging.to_timestamptz('2026-11-23 14:05', 'America/New_York'),
    '2026-11-23 19:05:00+00'::timestamptz,
    'the session''s TimeZone does not enter into it'
);

SELECT * FROM finish();
ROLLBACK;
