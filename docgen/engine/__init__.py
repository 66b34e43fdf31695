"""Building topics: what is out of date, rendering in workers, atomic writes."""
