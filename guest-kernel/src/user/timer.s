# user/timer.s — timer [N]: sleep one tick, N times (the timer interrupt
# wakes us; in between the machine idles).

.section .user.text, "ax"
.globl timer_main
timer_main:
    li a2, 10
    call arg_count
    mv s0, a0
    li a0, 0
    call mark
    mv s1, s0
1:
    li a0, 1
    call sleep
    bnez a0, 2f
    addi s1, s1, -1
    bnez s1, 1b
    li a0, 1
    call mark
    la a0, done
    mv a1, s0
    call printf
    li a0, 0
    call exit
2:
    la a0, name
    la a1, what
    call fail

done: .asciz "timer: %d sleeps of 1 tick ok\n"
name: .asciz "timer"
what: .asciz "sleep"
.balign 4
