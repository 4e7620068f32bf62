"""Reads that the training pages need: the offer search (`search`) and the jobs (`jobs`)."""
