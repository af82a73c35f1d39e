"""The portfolio and its yearly review: partners against the territory, the offer catalogue, the team and its
skills, and the keep / adapt / stop / create decisions."""
