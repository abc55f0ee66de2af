//go:build !unix

package catalog

import "os"

// mapFile reads the whole file at path: systems without mmap keep the
// snapshot on the heap.
func mapFile(path string) (data []byte, unmap func(), err error) {
	data, err = readAll(path)
	if err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}

func readAll(path string) ([]byte, error) { return os.ReadFile(path) }
