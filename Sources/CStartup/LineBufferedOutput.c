// Standard output into a pipe or a file is block-buffered by default: a build that hangs or is killed in
// CI would leave an empty log. Line buffering makes every line reach the log as it is printed; it runs
// as a constructor because Swift 6 cannot touch C's `stdout` safely.
#include <stdio.h>

__attribute__((constructor)) static void lectern_line_buffer_standard_output(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
