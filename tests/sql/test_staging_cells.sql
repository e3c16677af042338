-- staging's cell readers: what a spreadsheet cell becomes, or NULL.
BEGIN;
SELECT plan(5);

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

SELECT * FROM finish();
ROLLBACK;
