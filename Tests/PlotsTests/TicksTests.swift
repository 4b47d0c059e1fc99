import Testing
@testable import Plots

@Test func wilkinsonKnownRanges() {
    #expect(Ticks.extended(0, 1, target: 5) == [0, 0.25, 0.5, 0.75, 1])
    #expect(Ticks.extended(0, 100, target: 5) == [0, 25, 50, 75, 100])
    #expect(Ticks.extended(0, 10, target: 6) == [0, 2, 4, 6, 8, 10])
    #expect(Ticks.extended(-10.7, 7.7, target: 4) == [-10, -5, 0, 5])
    #expect(Ticks.extended(0.1, 0.3, target: 3) == [0.1, 0.2, 0.3])
}

@Test func ticksAreCleanNumbers() {
    let ticks = Ticks.extended(0, 0.7, target: 8)
    #expect(ticks.contains(0.3))
    #expect(!ticks.contains(0.30000000000000004))
    let labels = TickFormat.labels(ticks).labels
    #expect(labels == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
}

@Test func tickLabelsShareDecimalsAndUseTrueMinus() {
    #expect(TickFormat.labels([-0.5, 0, 0.5, 1]).labels == ["\u{2212}0.5", "0.0", "0.5", "1.0"])
    #expect(TickFormat.labels([0, 2.5, 5, 7.5]).labels == ["0.0", "2.5", "5.0", "7.5"])
    #expect(TickFormat.labels([0, 20, 40]).labels == ["0", "20", "40"])
}

@Test func largeAndSmallNumbersFactorOutAPowerOfTen() {
    let big = TickFormat.labels([0, 200_000, 400_000])
    #expect(big.exponent == 5)
    #expect(big.labels == ["0", "2", "4"])
    let small = TickFormat.labels([0.0001, 0.0002, 0.0003])
    #expect(small.exponent == -4)
    #expect(small.labels == ["1", "2", "3"])
    #expect(TickFormat.powerOfTen(-3) == "10⁻³")
}

@Test func logAxisTicksAtDecadesOrOneTwoFive() {
    let wide = Scale(kind: .log, lo: 0.001, hi: 10).ticks(target: 6).ticks
    #expect(wide.filter(\.major).map(\.value) == [0.001, 0.01, 0.1, 1, 10])
    #expect(wide.filter(\.major).map(\.label) == ["0.001", "0.01", "0.1", "1", "10"])
    #expect(wide.count > 20)  // minor ticks at 2…9 of each decade
    let narrow = Scale(kind: .log, lo: 0.008, hi: 0.11).ticks(target: 6).ticks
    #expect(narrow.filter(\.major).map(\.label) == ["0.01", "0.02", "0.05", "0.1"])
    let huge = Scale(kind: .log, lo: 1, hi: 1e8).ticks(target: 5).ticks
    #expect(huge.filter(\.major).map(\.label) == ["10⁰", "10²", "10⁴", "10⁶", "10⁸"])
}

@Test func degenerateRangesStillGiveTicks() {
    #expect(Ticks.extended(3, 3, target: 5) == [3])
    #expect(Ticks.extended(.nan, 1, target: 5).isEmpty)
    let (lo, hi) = Scale.limits(of: [2, 2], kind: .linear, padding: 0.05)
    #expect(lo < 2 && hi > 2)
}

@Test func extremeRangesDoNotTrap() {
    #expect(Ticks.extended(-1e308, 1e308, target: 5).count == 2)
    #expect(!Ticks.extended(1e15, 1e15 + 4096, target: 5).isEmpty)
    #expect(Ticks.extended(1e-300, 3e-300, target: 5).count >= 2)
}
