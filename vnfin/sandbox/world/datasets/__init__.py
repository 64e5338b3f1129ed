"""The simulated datasets beyond prices. **All SIMULATED**; nothing here happened.

* :mod:`.line_items` and :mod:`.fundamentals` — quarterly financial statements;
* :mod:`.ratios` — financial ratios computed from those statements and the simulated closes;
* :mod:`.news` — corporate events, global news articles and analyst reports;
* :mod:`.macro` — global market series, macro statistics, indicators, the economic calendar;
* :mod:`.commodities` — gold, silver, USD/VND, crypto and bank deposit rates;
* :mod:`.funds` and :mod:`.holdings` — open-ended funds: NAV, monthly flows and holdings.

Every generator is keyed by the seed (:mod:`..seeded`), so the same seed gives the same
numbers whatever the wall clock says; "today" only decides how much is visible. Each module's
docstring lists the consistency rules its data keeps.
"""
