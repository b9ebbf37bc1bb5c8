# user/compute.s — compute [N]: CPU-bound, no system calls inside the
# measured region: N rounds of a sieve of Eratosthenes below SIEVE_N and a
# CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320) over the sieve,
# chained from round to round.

.equ SIEVE_N, 2048

.section .user.text, "ax"
.globl compute_main
compute_main:
    li a2, 10
    call arg_count
    mv s0, a0                       # s0 = rounds
    li a0, 0
    call mark
    li s3, -1                       # s3 = crc
    mv s1, s0
1:
    call sieve
    mv s2, a0                       # s2 = primes found
    la t0, flags                    # crc32 over the flags
    li t1, SIEVE_N
    li t5, 0xedb88320
2:
    lbu t2, 0(t0)
    xor s3, s3, t2
    li t3, 8
3:
    andi t4, s3, 1
    srli s3, s3, 1
    beqz t4, 4f
    xor s3, s3, t5
4:
    addi t3, t3, -1
    bnez t3, 3b
    addi t0, t0, 1
    addi t1, t1, -1
    bnez t1, 2b
    addi s1, s1, -1
    bnez s1, 1b
    li a0, 1
    call mark
    not a4, s3
    la a0, done
    mv a1, s0
    mv a2, s2
    li a3, SIEVE_N
    call printf
    li a0, 0
    call exit

# sieve() -> a0 = number of primes below SIEVE_N; flags[i] = 1 for primes
sieve:
    la t0, flags
    li t1, 0
1:                                  # all candidates from 2 on
    sltiu t2, t1, 2
    xori t2, t2, 1
    add t3, t0, t1
    sb t2, 0(t3)
    addi t1, t1, 1
    li t2, SIEVE_N
    blt t1, t2, 1b
    li t1, 2                        # cross out multiples of each prime
    li a0, 0
2:
    add t3, t0, t1
    lbu t2, 0(t3)
    beqz t2, 4f
    addi a0, a0, 1
    mul t4, t1, t1
    li t2, SIEVE_N
3:
    bge t4, t2, 4f
    add t3, t0, t4
    sb zero, 0(t3)
    add t4, t4, t1
    j 3b
4:
    addi t1, t1, 1
    li t2, SIEVE_N
    blt t1, t2, 2b
    ret

done: .asciz "compute: %d rounds, %d primes below %d, crc32 0x%x\n"
.balign 4
.section .user.data, "aw"
flags: .space SIEVE_N
