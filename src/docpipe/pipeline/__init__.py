"""The build pipeline: plan what is out of date, run the writers, record what was built."""
