def group_stories(a, s): return []
