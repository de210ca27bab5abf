"""The synthetic municipality's own rows, one module a subject: its places
(geography, organisations, teams and staff), its residents (households,
involvements and consents) and two years of signals to the report point.

``demo.generator`` runs them in this order from one ``random.Random(seed)``;
each subject is a mixin of the generator, so the draws stay in the order they
were always made in. The data tables the draws pick from live beside them
(``data``, ``signals_data``).
"""
