package dataset

// ChunkBytes sets the block size of the plain-file path (chunk.go); n < 0
// reads every file the serial way.
func ChunkBytes(o *Options, n int) { o.chunkBytes = n }
