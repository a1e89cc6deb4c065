package strict

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxFileBytes is the largest scenario, experiment or calibration file read:
// the shipped ones are 5 to 20 KB, so 4 MiB leaves room for any real file
// while a runaway input (a device, a log passed by mistake) is refused at once.
const MaxFileBytes = 4 << 20

// ReadFile returns the contents of the input file at path, or a Problem
// naming it and saying why it cannot be read: missing, neither a regular file
// nor a pipe (a directory, a device such as /dev/zero, which would never
// end), larger than MaxFileBytes, empty, or unreadable. It checks the file
// before opening it; a pipe (bash's <(cat file), a named FIFO) is opened
// without waiting for a writer, so a FIFO nobody writes to gives "no data"
// at once instead of blocking. It reads at most MaxFileBytes+1 bytes, so an
// input that grows while read cannot exhaust memory.
func ReadFile(path string) ([]byte, *Problem) {
	bad := func(msg string, err error) ([]byte, *Problem) {
		return nil, &Problem{File: path, Msg: msg, Err: err}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return bad(describe(err), err)
	}
	pipe := fi.Mode()&fs.ModeNamedPipe != 0
	if !fi.Mode().IsRegular() && !pipe {
		return bad(fmt.Sprintf("not a regular file (%s); give the path of a .toml file", kindOf(fi.Mode())), nil)
	}
	if fi.Size() > MaxFileBytes {
		return bad(fmt.Sprintf("file of %d bytes is larger than the limit of %d bytes", fi.Size(), MaxFileBytes), nil)
	}
	flag := os.O_RDONLY
	if pipe {
		// Opening a FIFO for reading waits for a writer unless non-blocking;
		// reads then wait for data through the runtime's poller, and end at
		// once if there is no writer.
		flag |= syscall.O_NONBLOCK
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return bad(describe(err), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return bad(describe(err), err)
	}
	if len(data) > MaxFileBytes {
		return bad(fmt.Sprintf("file is larger than the limit of %d bytes", MaxFileBytes), nil)
	}
	if pipe && len(data) == 0 {
		return bad("no data: a pipe that nobody writes to", nil)
	}
	return data, nil
}

// describe says why a file cannot be read, without the path the problem
// already names.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "cannot read the file: no such file"
	case errors.Is(err, fs.ErrPermission):
		return "cannot read the file: permission denied"
	}
	return "cannot read the file: " + err.Error()
}

// kindOf names the type of a file that is not regular.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
