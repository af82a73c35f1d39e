"""The network of offices: an office's indicators exported in an anonymised file, a folder of such files read
and compared peer to peer (medians, quartiles, ranks), as the network's benchmark PILOT does."""
