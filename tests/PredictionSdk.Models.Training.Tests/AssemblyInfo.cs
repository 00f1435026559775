// libtorch's thread count and random generator are process-wide; tests that train or change them run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
