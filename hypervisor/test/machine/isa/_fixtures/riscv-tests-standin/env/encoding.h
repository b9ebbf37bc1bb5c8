/* Stand-in: riscv-test-env/encoding.h (nothing of it is used). */
