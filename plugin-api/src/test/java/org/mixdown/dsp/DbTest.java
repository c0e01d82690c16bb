package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DbTest {
    @Test
    void conversionsAreInverse() {
        assertEquals(-6.0206, Db.toDb(0.5), 1e-4);
        assertEquals(0.5, Db.toLinear(Db.toDb(0.5)), 1e-15);
        assertEquals(-200, Db.toDb(0, -200), 0);
        assertEquals(20, Db.powerToDb(100), 1e-12);
    }

    @Test
    void fastLog2IsWithinItsBoundOverEveryOctaveAndAtTheBoundaries() {
        double worst = 0;
        for (double x = 1e-300; x < 1e300; x *= 1.0001) {
            worst = Math.max(worst, Math.abs(Db.fastLog2(x) - Math.log(x) / Math.log(2)));
        }
        Random r = new Random(1);
        for (int i = 0; i < 1_000_000; i++) {
            double x = Math.scalb(1 + r.nextDouble(), r.nextInt(200) - 100);
            worst = Math.max(worst, Math.abs(Db.fastLog2(x) - Math.log(x) / Math.log(2)));
        }
        for (double x : new double[] {Math.sqrt(0.5), Math.nextUp(Math.sqrt(0.5)), Math.sqrt(2), Math.nextDown(Math.sqrt(2)),
                1, Math.nextUp(1.0), Math.nextDown(1.0), Double.MIN_NORMAL, Double.MAX_VALUE}) {
            worst = Math.max(worst, Math.abs(Db.fastLog2(x) - Math.log(x) / Math.log(2)));
        }
        assertTrue(worst < 2e-9, "worst log2 error " + worst);
        assertEquals(0, Db.fastLog2(1), 0);
        assertEquals(-10, Db.fastLog2(0x1p-10), 0);
    }

    @Test
    void fastExp2IsWithinItsBoundAndClamps() {
        double worst = 0;
        for (double t = -1000; t <= 1000; t += 0.0001) {
            worst = Math.max(worst, Math.abs(Db.fastExp2(t) / Math.pow(2, t) - 1));
        }
        assertTrue(worst < 3e-10, "worst relative exp2 error " + worst);
        assertEquals(1, Db.fastExp2(0), 0);
        assertEquals(0x1p-1020, Db.fastExp2(-5000), 0);
        assertEquals(0x1p1020, Db.fastExp2(5000), 0);
        assertTrue(Double.isNaN(Db.fastExp2(Double.NaN)));
        for (int k = -1020; k <= 1020; k++) {  // whole numbers exactly, and the halves between them (ties)
            assertEquals(Math.scalb(1.0, k), Db.fastExp2(k), 0, "2^" + k);
            double half = Math.min(1020, k + 0.5);  // 1020.5 is past the clamp
            assertEquals(Math.pow(2, half), Db.fastExp2(half), Math.pow(2, half) * 3e-10, "2^" + half);
        }
    }

    @Test
    void fastDecibelsMatchTheExactOnesToAMillionthOfADecibel() {
        for (double db = -200; db <= 100; db += 0.01) {
            assertEquals(db, Db.fastToDb(Db.toLinear(db)), 1e-6);
            assertEquals(0, Db.toDb(Db.fastToLinear(db)) - db, 1e-6);
        }
    }

    @Test
    void theBlockFastLog2IsTheOneSampleVersionToAFewUlp() {
        Random r = new Random(7);
        double[] x = new double[100_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.scalb(1 + r.nextDouble(), r.nextInt(200) - 100);
        }
        x[0] = Math.sqrt(0.5);
        x[1] = Math.nextDown(Math.sqrt(2));
        x[2] = 1;
        x[3] = Double.MIN_NORMAL;
        x[4] = 1e-20;  // the compressor's floor
        double[] out = new double[x.length];
        Db.fastLog2(x, out, x.length);
        double worst = 0;
        double maxUlps = 0;
        for (int i = 0; i < x.length; i++) {
            double expected = Db.fastLog2(x[i]);
            double error = Math.abs(out[i] - expected);
            assertTrue(error <= 4 * Math.ulp(Math.max(1, Math.abs(expected))), x[i] + ": " + out[i] + " vs " + expected);
            maxUlps = Math.max(maxUlps, error / Math.ulp(expected == 0 ? 1 : expected));
            worst = Math.max(worst, error);
        }
        assertEquals(0, out[2], 0);
        double[] inPlace = x.clone();
        Db.fastLog2(inPlace, inPlace, 1000);
        assertEquals(out[999], inPlace[999], 0);
        assertEquals(x[1000], inPlace[1000], 0, "only the frames asked for");
        System.out.printf("block fastLog2: worst difference from the one-sample version %.2e (%.0f ulp)%n", worst, maxUlps);
    }

    @Test
    void theBlockFastExp2IsTheOneSampleVersionToAFewUlpAndClamps() {
        Random r = new Random(8);
        double[] t = new double[100_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = (r.nextDouble() - 0.5) * (i % 2 == 0 ? 40 : 2400);  // dB-sized and past the clamps
        }
        t[0] = 0;
        t[1] = 0.5;
        t[2] = -0.5;
        t[3] = 1020;
        t[4] = -1e9;
        double[] out = new double[t.length];
        Db.fastExp2(t, out, t.length);
        double worst = 0;
        for (int i = 0; i < t.length; i++) {
            double expected = Db.fastExp2(t[i]);
            double ulps = Math.abs(out[i] - expected) / Math.ulp(expected);
            assertTrue(ulps <= 2, t[i] + ": " + out[i] + " vs " + expected);
            worst = Math.max(worst, ulps);
        }
        assertEquals(1, out[0], 0);
        assertEquals(Db.fastExp2(-1020), out[4], 0);
        System.out.printf("block fastExp2: worst difference from the one-sample version %.0f ulp%n", worst);
    }
    @Test
    void theTwoPassBlockFastLog2IsTheOnePassOneBitForBit() {
        Random r = new Random(9);
        double[] x = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.scalb(1 + r.nextDouble(), r.nextInt(2000) - 1000);
        }
        x[0] = Math.sqrt(0.5);
        x[1] = Math.nextDown(Math.sqrt(2));
        x[2] = 1;
        x[3] = Double.MIN_NORMAL;
        x[4] = 1e-20;
        x[5] = Double.MAX_VALUE;
        double[] expected = new double[x.length];
        Db.fastLog2(x, expected, x.length);
        double[] out = new double[x.length];
        double[] scratch = new double[x.length];
        Db.fastLog2(x, out, scratch, x.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out);
        double[] inPlace = x.clone();
        Db.fastLog2(inPlace, inPlace, scratch, 1000);
        assertEquals(expected[999], inPlace[999], 0);
        assertEquals(x[1000], inPlace[1000], 0, "only the frames asked for");
    }

    @Test
    void theTwoPassBlockFastExp2IsTheClampedOneBitForBitWithinItsRange() {
        Random r = new Random(10);
        double[] t = new double[10_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = (r.nextDouble() - 0.5) * (i % 2 == 0 ? 40 : 2040);  // dB-sized and up to the range's ends
        }
        t[0] = 0;
        t[1] = 0.5;
        t[2] = -0.5;
        t[3] = 1020;
        t[4] = -1020;
        t[5] = -0.0;
        t[6] = 1019.5;
        double[] expected = new double[t.length];
        Db.fastExp2(t, expected, t.length);
        double[] out = new double[t.length];
        double[] scratch = new double[t.length];
        Db.fastExp2InRange(t, out, scratch, t.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, out);
        double[] inPlace = t.clone();
        Db.fastExp2InRange(inPlace, inPlace, scratch, 1000);
        assertEquals(expected[999], inPlace[999], 0);
        assertEquals(t[1000], inPlace[1000], 0, "only the frames asked for");
    }
}
